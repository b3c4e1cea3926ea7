"""M16 Rep matrix (A/B/C/D): company culture (forecast discipline) against sales performance.

performance = attainment = actual / target over the range; discipline = the mean of the commit
hit rate (M1h), the on-time rate of weekly calls (M14) and the share of checklist-complete
commits (M5), each added up over the range before dividing. A: both high; B: disciplined but
below target (worth investing in); C: on target without discipline (harmful in the long run);
D: both low. The four numbers come from the functions of the families that own them
(attainment, commit, discipline), so their SQL lives in one place; this module only joins the
small per-scope frames and applies the thresholds of the settings (m16_attainment,
m16_discipline).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from analytics.calendar import today as clock_today
from analytics.metrics.base import MetricQuery, MetricSpec, register
from analytics.metrics.parallel import run_all
from analytics.store import Store

COLUMNS: tuple[str, ...] = ("metric", "scope", "attainment", "discipline", "group")
DETAIL_COLUMNS: tuple[str, ...] = (
    "scope",
    "attainment",
    "discipline",
    "group",
    "actual",
    "target",
    "hit_rate",
    "accurate_weeks",
    "called_weeks",
    "on_time_rate",
    "on_time",
    "expected",
    "checklist_share",
    "complete_commits",
    "checked_commits",
)


def default_range(query: MetricQuery, today: date | None = None) -> MetricQuery:
    """Fill a missing range: the twelve complete months before the month of as_of (or today).

    A whole year evens out seasons and single quarters; the running month is left out so that
    a month's full target is never set against part of its bookings.
    """
    if query.date_from is not None and query.date_to is not None:
        return query
    ref = query.as_of or today or clock_today()
    first_of_ref = ref.replace(day=1)
    start = date(first_of_ref.year - 1, first_of_ref.month, 1)
    end = date.fromordinal(first_of_ref.toordinal() - 1)
    return replace(
        query,
        date_from=query.date_from or start,
        date_to=query.date_to or end,
    )


def _matrix_scope(query: MetricQuery) -> MetricQuery:
    """A people matrix has no company point: by company (the CLI default) reads as by rep."""
    return replace(query, by="rep") if query.by == "company" else query


def _component(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """A per-scope range frame (scope, numerator, denominator, value) with our column names."""
    cols = ["scope", *names]
    if frame.empty:
        return pd.DataFrame({names.get(c, c): pd.Series(dtype="object") for c in cols})
    return frame[cols].rename(columns=names)


def group_of(
    attainment: pd.Series, discipline: pd.Series, min_attainment: float, min_discipline: float
) -> pd.Series:
    """A/B/C/D per row; None where either number is unavailable.

    Compared at 9 decimals: a mean of three fractions such as (1, 1, 0.4) is 0.7999999999999999
    in floating point, and a rep exactly on a threshold belongs above it.
    """
    high_perf = attainment.round(9) >= min_attainment
    high_disc = discipline.round(9) >= min_discipline
    known = attainment.notna() & discipline.notna()
    group = pd.Series(None, index=attainment.index, dtype="object")
    group[known & high_perf & high_disc] = "A"
    group[known & ~high_perf & high_disc] = "B"
    group[known & high_perf & ~high_disc] = "C"
    group[known & ~high_perf & ~high_disc] = "D"
    return group


def rep_matrix(store: Store, query: MetricQuery) -> pd.DataFrame:
    """M16 with the numbers behind it, one row per scope (reps unless query.by is 'region').

    Columns DETAIL_COLUMNS: attainment (actual / target), discipline (mean of the available
    hit_rate, on_time_rate and checklist_share), group, and each part's numerator and
    denominator over the range (default: the twelve complete months before as_of or today).
    """
    from analytics.metrics.attainment import attainment_over_range
    from analytics.metrics.commit import commit_hit_rate, commit_quality_share
    from analytics.metrics.discipline import submission_rate

    q = default_range(_matrix_scope(query))
    # The four parts are independent queries, asked side by side.
    attainment, hit_rate, on_time, checklist = run_all(
        [
            lambda: attainment_over_range(store, q),
            lambda: commit_hit_rate(store, q),
            lambda: submission_rate(store, q),
            lambda: commit_quality_share(store, q),
        ]
    )
    parts = [
        _component(attainment, {"actual": "actual", "target": "target", "value": "attainment"}),
        _component(
            hit_rate,
            {
                "accurate_weeks": "accurate_weeks",
                "called_weeks": "called_weeks",
                "value": "hit_rate",
            },
        ),
        _component(
            on_time, {"on_time": "on_time", "expected": "expected", "value": "on_time_rate"}
        ),
        _component(
            checklist,
            {
                "complete_commits": "complete_commits",
                "checked_commits": "checked_commits",
                "value": "checklist_share",
            },
        ),
    ]
    frame = parts[0]
    for part in parts[1:]:
        frame = frame.merge(part, on="scope", how="outer")
    for col in DETAIL_COLUMNS:
        if col not in ("scope", "group", "discipline") and col in frame.columns:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    frame["discipline"] = frame[["hit_rate", "on_time_rate", "checklist_share"]].mean(
        axis=1, skipna=True
    )
    th = store.settings.thresholds
    frame["group"] = group_of(
        frame["attainment"], frame["discipline"], th.m16_attainment, th.m16_discipline
    )
    frame = frame.sort_values("scope", kind="stable").reset_index(drop=True)
    return frame[list(DETAIL_COLUMNS)]


def _compute_m16(store: Store, query: MetricQuery) -> pd.DataFrame:
    frame = rep_matrix(store, query)
    out = frame[["scope", "attainment", "discipline", "group"]].copy()
    out.insert(0, "metric", "M16")
    return out[list(COLUMNS)]


M16 = register(
    MetricSpec(
        id="M16",
        name="Rep matrix",
        description=(
            "Attainment (actual / target) against discipline (mean of commit hit rate, on-time "
            "call rate and checklist-complete commit share) over a range; A both high, B "
            "disciplined below target, C on target undisciplined, D both low."
        ),
        compute=_compute_m16,
        shape="matrix",
        unit="ratio",
        notes="prints metric, scope, attainment, discipline, group; by rep unless --by region",
    )
)

__all__ = ["COLUMNS", "DETAIL_COLUMNS", "M16", "default_range", "group_of", "rep_matrix"]
