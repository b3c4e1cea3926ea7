"""The weekly commit call: M1, M1h, M2, M3 and M5 of METRICS.md.

M1 asks whether last week's promise held (actual / commit, 95–110% is accurate); M1h is the
share of rep-weeks that held; M2 whether this week's commit carries its linear share of the
quarter's stretch target; M3 whether forecast + upside covers the stretch target of the month
and the quarter; M5 whether the commit list rests on the commit checklist. The SQL lives in
sql/metrics/m1.sql (M1 and M1h), m2.sql, m3.sql, m5.sql and m5_list.sql.

The range functions at the end (`commit_hit_rate`, `commit_quality_share`) give one
numerator/denominator pair per scope over a whole date range, for the rep matrix (M16).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from analytics.metrics.base import MetricQuery, MetricSpec, register
from analytics.metrics.common import run_sql, shape_standard, to_float
from analytics.store import Store

M1_STATUSES = ("over_committed", "accurate", "under_called", "uncommitted_wins", "not_applicable")


def _m1_frame(store: Store, query: MetricQuery, value_column: str) -> pd.DataFrame:
    frame = run_sql(store, "metrics/m1", query)
    return frame.rename(columns={value_column: "value"})


def _compute_m1(store: Store, query: MetricQuery) -> pd.DataFrame:
    return shape_standard(M1, _m1_frame(store, query, "accuracy"), store, query.grain)


def _compute_m1h(store: Store, query: MetricQuery) -> pd.DataFrame:
    return shape_standard(M1H, _m1_frame(store, query, "hit_rate"), store, query.grain)


def _compute_m2(store: Store, query: MetricQuery) -> pd.DataFrame:
    return shape_standard(M2, run_sql(store, "metrics/m2", query), store, query.grain)


def _compute_m3(store: Store, query: MetricQuery) -> pd.DataFrame:
    return shape_standard(M3, run_sql(store, "metrics/m3", query), store, query.grain)


def _compute_m5(store: Store, query: MetricQuery) -> pd.DataFrame:
    return shape_standard(M5, run_sql(store, "metrics/m5", query), store, query.grain)


M1 = register(
    MetricSpec(
        id="M1",
        name="Commit accuracy",
        description=(
            "Actual bookings of the week / the week's commit call, over the rep-weeks that had "
            "a call. 95–110% is accurate; below is over-committed, above is under-called "
            "(sandbagging). Months and quarters add the rep-weeks of their Mondays."
        ),
        compute=_compute_m1,
        judged="outcome",
        numerator="actual",
        denominator="commit",
        extra_columns=("status", "calls"),
    )
)

M1H = register(
    MetricSpec(
        id="M1h",
        name="Commit hit rate",
        description=(
            "Share of rep-weeks with a call and a commit above 0 whose commit accuracy (M1) "
            "lies in the accurate band (95–110%)."
        ),
        compute=_compute_m1h,
        judged="outcome",
        numerator="accurate_weeks",
        denominator="called_weeks",
        extra_columns=("over_committed_weeks", "under_called_weeks", "uncommitted_win_weeks"),
    )
)

M2 = register(
    MetricSpec(
        id="M2",
        name="Commit linearity",
        description=(
            "The week's commit call / the week's linear share of the quarter (stretch target "
            "of the quarter / 13). Healthy at 95% or more; the band drawn is 95–100%."
        ),
        compute=_compute_m2,
        judged="call",
        judged_columns=("upside_linearity",),
        numerator="commit",
        denominator="linear_share",
        extra_columns=("upside_linearity", "upside", "stretch_quarter", "calls"),
    )
)

M3 = register(
    MetricSpec(
        id="M3",
        name="Month and quarter cover",
        description=(
            "(Forecast + upside) / stretch target from each rep's latest weekly call in the "
            "period: the month cover at week and month grain (quarter cover as extra columns), "
            "the quarter cover at quarter grain. Healthy at 100% or more."
        ),
        compute=_compute_m3,
        judged="call",
        numerator="forecast_upside",
        denominator="stretch_target",
        extra_columns=(
            "cover_period",
            "quarter_cover",
            "quarter_forecast_upside",
            "quarter_stretch_target",
        ),
    )
)

M5 = register(
    MetricSpec(
        id="M5",
        name="Commit quality",
        description=(
            "Share of commit deals (snapshot as of each week's Monday) with all five checklist "
            "items true and a stage at or above the commit-eligible stage; with the mean "
            "checklist share, weak commits (commit below the stage) and should-be commits "
            "(upside at or above it)."
        ),
        compute=_compute_m5,
        numerator="complete_commits",
        denominator="checked_commits",
        extra_columns=(
            "mean_checklist_share",
            "commit_deals",
            "commit_amount",
            "weak_commits",
            "should_be_commits",
            "snapshot_date",
        ),
    )
)


def commit_list(
    store: Store, query: MetricQuery, week_start: date, scope: str | None = None
) -> pd.DataFrame:
    """The deals behind M5 for one week: commit deals and should-be-commit upside deals.

    One row per deal of the snapshot as of the week's Monday (filters of `query`; `scope`, read
    with `query.by`, narrows to one rep, region or 'company'), with `checklist_share`,
    `checklist_complete` (NULL when the row carries no checklist) and the flags `weak_commit`
    and `should_be_commit`. Empty when that Monday has no snapshot at most max-age days old.
    """
    frame = run_sql(
        store, "metrics/m5_list", query, {"week_start": week_start, "drill_scope": scope}
    )
    return to_float(frame)


def ratio_over_range(frame: pd.DataFrame, numerator: str, denominator: str) -> pd.DataFrame:
    """Add a metric's numerator and denominator per scope over all periods, then divide.

    `frame` is a metric's standard output (small: one row per period and scope). The value is
    NULL (NaN) where the summed denominator is not above 0.
    """
    if frame.empty:
        return pd.DataFrame(
            {
                "scope": pd.Series(dtype="object"),
                numerator: pd.Series(dtype="float64"),
                denominator: pd.Series(dtype="float64"),
                "value": pd.Series(dtype="float64"),
            }
        )
    sums = frame.groupby("scope", as_index=False, sort=True)[[numerator, denominator]].sum(
        min_count=1
    )
    den = sums[denominator].where(sums[denominator] > 0)
    sums["value"] = sums[numerator] / den
    return sums[["scope", numerator, denominator, "value"]].reset_index(drop=True)


def commit_hit_rate(store: Store, query: MetricQuery) -> pd.DataFrame:
    """M1h per scope over the whole range of `query`: `scope, accurate_weeks, called_weeks, value`.

    Rep-weeks are counted in the range when their Monday lies in [date_from, date_to].
    """
    weekly = M1H.compute(store, replace(query, grain="week"))
    return ratio_over_range(weekly, "accurate_weeks", "called_weeks")


def commit_quality_share(store: Store, query: MetricQuery) -> pd.DataFrame:
    """M5 per scope over the range: `scope, complete_commits, checked_commits, value`.

    Adds the commit deal-weeks of every week whose Monday lies in the range (each week judged
    on its own snapshot), so a deal committed for three weeks counts three times.
    """
    weekly = M5.compute(store, replace(query, grain="week"))
    return ratio_over_range(weekly, "complete_commits", "checked_commits")


__all__ = [
    "M1",
    "M1H",
    "M1_STATUSES",
    "M2",
    "M3",
    "M5",
    "commit_hit_rate",
    "commit_list",
    "commit_quality_share",
    "ratio_over_range",
]
