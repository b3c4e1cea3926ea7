"""The pipeline of the monthly review: M9 coverage, M10/M10c growth, M11 quality, M11s score.

M9 asks whether the open pipeline of a period covers what is left of its stretch target (above
150% is healthy); M10 whether the pipeline (M10c: the commit) grew month over month (10% good,
5% the floor); M11 how good the open pipeline is (stage mix, weighted value, age, stale,
past-due and slipped deals, category-stage conflicts), each compared with the month before;
M11s folds the M11 components into one 0-100 score. The deal lists behind M11 (slipped, stale,
past-due deals with slip counts) and the stage distribution are functions for the Pipeline
page. SQL: sql/metrics/m9.sql, m10.sql, m11.sql, m11_deals.sql, m11_stages.sql.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from analytics.metrics.base import MetricQuery, MetricSpec, register
from analytics.metrics.common import run_sql, shape_standard, to_float
from analytics.store import Store

DealList = Literal["slipped", "stale", "past_due", "all"]
# The M11s age score is 50 when the average open deal is this many days old (100 when new).
AGE_SCALE_DAYS = 365.0
M11_COMPONENTS: tuple[str, ...] = (
    "weighted_pipeline",
    "avg_age_days",
    "stale_deals",
    "past_due_deals",
    "slipped_deals",
    "conflicts",
    "open_deals",
    "snapshot_date",
)
M11_PREVIOUS: tuple[str, ...] = (
    "prev_value",
    "prev_quality_amount",
    "prev_open_amount",
    "prev_open_deals",
    "prev_weighted_pipeline",
    "prev_avg_age_days",
    "prev_stale_deals",
    "prev_past_due_deals",
    "prev_slipped_deals",
    "prev_conflicts",
    "prev_snapshot_date",
)
SCORE_COLUMNS: tuple[str, ...] = (
    "quality_score",
    "weighted_score",
    "age_score",
    "stale_score",
    "past_due_score",
    "slipped_score",
    "conflict_score",
)


def _compute_m9(store: Store, query: MetricQuery) -> pd.DataFrame:
    return shape_standard(M9, run_sql(store, "metrics/m9", query))


def _growth(spec: MetricSpec, store: Store, query: MetricQuery, commit_only: bool) -> pd.DataFrame:
    frame = run_sql(store, "metrics/m10", query, {"commit_only": commit_only})
    what = "commit" if commit_only else "pipeline"
    frame = frame.rename(
        columns={
            "change": f"{what}_change",
            "previous": f"previous_{what}",
            "current_amount": what,
        }
    )
    return shape_standard(spec, frame, store, query.grain)


def _compute_m10(store: Store, query: MetricQuery) -> pd.DataFrame:
    return _growth(M10, store, query, commit_only=False)


def _compute_m10c(store: Store, query: MetricQuery) -> pd.DataFrame:
    return _growth(M10C, store, query, commit_only=True)


def _compute_m11(store: Store, query: MetricQuery) -> pd.DataFrame:
    return shape_standard(M11, run_sql(store, "metrics/m11", query))


def quality_scores(components: pd.DataFrame, prefix: str = "") -> pd.DataFrame:
    """The M11s component scores (0-100, higher is better) and their mean, from M11 columns.

    `components` holds M11's columns (with `prefix` 'prev_' those of the month before). Each
    score falls when its component worsens, the others held: quality share and weighted share
    of the open amount (x 100); age 100 * 365 / (365 + average age in days); stale, past-due,
    slipped and conflicting deals as 100 * (1 - their share of the open deals). The score is
    the mean of the component scores that are available (NaN when none is). Vectorised over
    the small M11 frame (one row per period and scope).
    """

    def col(name: str) -> np.ndarray:
        values = pd.to_numeric(components[f"{prefix}{name}"], errors="coerce")
        return values.to_numpy(dtype="float64", na_value=np.nan)

    # numpy on the columns: the same element-wise arithmetic as on Series, without their overhead
    open_amount = col("open_amount")
    open_deals = col("open_deals")
    amount = np.where(open_amount > 0, open_amount, np.nan)
    deals = np.where(open_deals > 0, open_deals, np.nan)
    age = np.maximum(col("avg_age_days"), 0)
    age_score = 100 * AGE_SCALE_DAYS / (AGE_SCALE_DAYS + age)
    columns = {
        "quality_score": 100 * col("quality_amount") / amount,
        "weighted_score": 100 * col("weighted_pipeline") / amount,
        "age_score": np.where(np.isnan(deals), np.nan, age_score),
        "stale_score": 100 * (1 - col("stale_deals") / deals),
        "past_due_score": 100 * (1 - col("past_due_deals") / deals),
        "slipped_score": 100 * (1 - col("slipped_deals") / deals),
        "conflict_score": 100 * (1 - col("conflicts") / deals),
    }
    matrix = np.column_stack([columns[name] for name in SCORE_COLUMNS])
    known = ~np.isnan(matrix)
    counts = known.sum(axis=1)
    sums = np.where(known, matrix, 0.0).sum(axis=1)
    columns["score"] = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return pd.DataFrame(columns, index=components.index)


def _compute_m11s(store: Store, query: MetricQuery) -> pd.DataFrame:
    components = to_float(run_sql(store, "metrics/m11", query))
    now = quality_scores(components)
    before = quality_scores(components, prefix="prev_")
    frame = pd.concat([components[["period_start", "period", "scope"]], now], axis=1)
    frame["value"] = frame.pop("score")
    frame["prev_value"] = before["score"]
    frame["snapshot_date"] = components["snapshot_date"]
    frame["prev_snapshot_date"] = components["prev_snapshot_date"]
    return shape_standard(M11S, frame, store, query.grain)


def scores_of(m11: pd.DataFrame) -> pd.DataFrame:
    """M11s from M11's frame (the metric's output, its periods and scopes in its order): the
    same frame `get_metric('M11s').compute` gives for the same query, without running M11's
    SQL again."""
    now = quality_scores(m11)
    before = quality_scores(m11, prefix="prev_")
    frame = m11[["period", "scope"]].copy()
    frame.insert(0, "metric", M11S.id)
    frame["value"] = now["score"]
    for column in SCORE_COLUMNS:
        frame[column] = now[column]
    frame["prev_value"] = before["score"]
    frame["snapshot_date"] = m11["snapshot_date"]
    frame["prev_snapshot_date"] = m11["prev_snapshot_date"]
    return frame.reset_index(drop=True)


def pipeline_deals(
    store: Store, query: MetricQuery, kind: DealList = "all", scope: str | None = None
) -> pd.DataFrame:
    """Open deals at the as-of snapshot with their M11 flags and slip history.

    One row per open deal (filters of `query`; `scope`, read with `query.by`, narrows to one
    rep, region or 'company'): slip_count (times the close date moved to a later month between
    two of its rows), slipped_last (it slipped against the snapshot before: M11's slipped
    count), previous_close_date, first_close_date, days_slipped, unchanged_snapshots and
    unchanged_since, stale, past_due, days_past_due, conflict. `kind` keeps the deals that
    ever slipped ('slipped'), the stale or the past-due ones; 'all' keeps every open deal.
    """
    if kind not in ("slipped", "stale", "past_due", "all"):
        raise ValueError(f"unknown deal list {kind!r}")
    frame = run_sql(store, "metrics/m11_deals", query, {"kind": kind, "drill_scope": scope})
    return to_float(frame).reset_index(drop=True)


def slipped_deals(store: Store, query: MetricQuery, scope: str | None = None) -> pd.DataFrame:
    """Open deals whose close date slipped at least once, most slips first."""
    return pipeline_deals(store, query, "slipped", scope)


def stale_deals(store: Store, query: MetricQuery, scope: str | None = None) -> pd.DataFrame:
    """Open deals unchanged in the last m11_stale_snapshots snapshots, longest unchanged first."""
    return pipeline_deals(store, query, "stale", scope)


def past_due_deals(store: Store, query: MetricQuery, scope: str | None = None) -> pd.DataFrame:
    """Open deals whose close date lies before the snapshot date, most overdue first."""
    return pipeline_deals(store, query, "past_due", scope)


# The order of each list in sql/metrics/m11_deals.sql: its key descending, then the largest
# amount, then the opportunity id.
_LIST_KEYS: dict[str, str | None] = {
    "slipped": "slip_count",
    "stale": "unchanged_snapshots",
    "past_due": "days_past_due",
    "all": None,
}


def narrow_deals(every: pd.DataFrame, kind: DealList) -> pd.DataFrame:
    """The `kind` list cut from `pipeline_deals(..., 'all')`, rows and order as
    `pipeline_deals(..., kind)` gives them, so one query serves all four lists."""
    if kind not in _LIST_KEYS:
        raise ValueError(f"unknown deal list {kind!r}")
    key = _LIST_KEYS[kind]
    if key is None:
        return every
    if kind == "slipped":
        kept = every["slip_count"] >= 1
    else:
        kept = every[kind].fillna(False).astype(bool)
    frame = every[kept]
    # `every` is ordered by amount and id already; a stable sort on the key keeps that within it.
    frame = frame.sort_values(key, ascending=False, kind="stable", na_position="last")
    return frame.reset_index(drop=True)


def stage_distribution(store: Store, query: MetricQuery) -> pd.DataFrame:
    """Open amount and deal count per scope and ladder stage (0, 25, ... 90) at the as-of snapshot.

    Columns: scope, stage, deals, amount, snapshot_date; a probability counts in the highest
    ladder stage at or below it, so 10% lies in 0 and 75% in 70.
    """
    return to_float(run_sql(store, "metrics/m11_stages", query)).reset_index(drop=True)


M9 = register(
    MetricSpec(
        id="M9",
        name="Pipeline coverage",
        description=(
            "Open pipeline with close date in the period (snapshot as of the chosen date, "
            "default the latest) / what is left of the period's stretch target, "
            "max(stretch - actual to the snapshot, 0). Healthy at 150% or more; unavailable "
            "when nothing is left to cover."
        ),
        compute=_compute_m9,
        numerator="open_pipeline",
        denominator="remaining_target",
        extra_columns=("stretch_target", "actual_to_date", "open_deals", "status", "snapshot_date"),
    )
)

M10 = register(
    MetricSpec(
        id="M10",
        name="Pipeline growth",
        description=(
            "(Open pipeline at the last snapshot of the month - the same at the last snapshot "
            "of the month before) / the latter. 10% or more is good, below 5% is below floor."
        ),
        compute=_compute_m10,
        judged="outcome",
        numerator="pipeline_change",
        denominator="previous_pipeline",
        extra_columns=(
            "pipeline",
            "deals",
            "previous_deals",
            "status",
            "snapshot_date",
            "previous_snapshot_date",
        ),
    )
)

M10C = register(
    MetricSpec(
        id="M10c",
        name="Commit growth",
        description=(
            "M10 for the open commit deals: (commit amount at the last snapshot of the month - "
            "the same a month before) / the latter. 10% or more is good, below 5% below floor."
        ),
        compute=_compute_m10c,
        judged="outcome",
        numerator="commit_change",
        denominator="previous_commit",
        extra_columns=(
            "commit",
            "deals",
            "previous_deals",
            "status",
            "snapshot_date",
            "previous_snapshot_date",
        ),
    )
)

M11 = register(
    MetricSpec(
        id="M11",
        name="Pipeline quality",
        description=(
            "Share of the open amount at stage 60% or more, with the other quality components "
            "(weighted pipeline, average age, stale, past-due and slipped deals, category-stage "
            "conflicts) and each of them at the snapshot a month before (prev_*)."
        ),
        compute=_compute_m11,
        numerator="quality_amount",
        denominator="open_amount",
        extra_columns=M11_COMPONENTS + M11_PREVIOUS,
    )
)

M11S = register(
    MetricSpec(
        id="M11s",
        name="Pipeline quality score",
        description=(
            "0-100: the mean of the M11 component scores (quality share, weighted share, age, "
            "stale, past-due, slipped, conflicts); it falls when any component worsens. "
            "prev_value is the score a month before."
        ),
        compute=_compute_m11s,
        extra_columns=SCORE_COLUMNS + ("prev_value", "snapshot_date", "prev_snapshot_date"),
        unit="score",
    )
)

__all__ = [
    "AGE_SCALE_DAYS",
    "M9",
    "M10",
    "M10C",
    "M11",
    "M11S",
    "SCORE_COLUMNS",
    "narrow_deals",
    "past_due_deals",
    "pipeline_deals",
    "quality_scores",
    "scores_of",
    "slipped_deals",
    "stage_distribution",
    "stale_deals",
]
