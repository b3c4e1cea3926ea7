"""Reporting discipline: M14 (weekly calls on time) and M14m (monthly forecasts on time).

"100% submitted, no exceptions": the rate is on-time submissions over what was expected from
the reps active at the time, and a missing submission counts as late. SQL: sql/metrics/m14.sql,
m14m.sql and the rows behind them (m14_rows.sql, m14m_rows.sql), which also feed the weekly
page's list of calls and missing calls.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd

from analytics.metrics.base import MetricQuery, MetricSpec, register
from analytics.metrics.commit import ratio_over_range
from analytics.metrics.common import run_sql, shape_standard, to_float
from analytics.store import Store


def _monthly(query: MetricQuery) -> MetricQuery:
    """Monthly submissions have no weekly grain: a week grain is read as month."""
    return replace(query, grain="month") if query.grain == "week" else query


def _compute_m14(store: Store, query: MetricQuery) -> pd.DataFrame:
    return shape_standard(M14, run_sql(store, "metrics/m14", query), store, query.grain)


def _compute_m14m(store: Store, query: MetricQuery) -> pd.DataFrame:
    return shape_standard(
        M14M, run_sql(store, "metrics/m14m", _monthly(query)), store, _monthly(query).grain
    )


M14 = register(
    MetricSpec(
        id="M14",
        name="Submission discipline (weekly calls)",
        description=(
            "Weekly calls submitted by the deadline (Monday 09:00 of the call's week) / calls "
            "expected from the active reps; a missing call counts as late. Expected: 100%."
        ),
        compute=_compute_m14,
        judged="submission",
        numerator="on_time",
        denominator="expected",
        extra_columns=("late", "missing"),
    )
)

M14M = register(
    MetricSpec(
        id="M14m",
        name="Submission discipline (monthly forecasts)",
        description=(
            "Monthly 12-month forecasts submitted by 09:00 on the first Monday of the review "
            "month / submissions expected from the active reps; missing counts as late. "
            "Months and quarters (a week grain is read as month)."
        ),
        compute=_compute_m14m,
        judged="submission",
        numerator="on_time",
        denominator="expected",
        extra_columns=("late", "missing"),
    )
)


def submission_rate(store: Store, query: MetricQuery) -> pd.DataFrame:
    """M14 per scope over the whole range: `scope, on_time, expected, value` (for M16).

    Counts every expected rep-week whose Monday lies in [date_from, date_to].
    """
    weekly = M14.compute(store, replace(query, grain="week"))
    return ratio_over_range(weekly, "on_time", "expected")


def submissions_behind(
    store: Store, query: MetricQuery, period_start: date, scope: str
) -> pd.DataFrame:
    """The expected rep-weeks behind one M14 number (`query.grain`, `query.by`), with status."""
    extra = {"drill_period": period_start, "drill_scope": scope}
    return to_float(run_sql(store, "metrics/m14_rows", query, extra))


def forecast_submissions_behind(
    store: Store, query: MetricQuery, period_start: date, scope: str
) -> pd.DataFrame:
    """The expected rep-months behind one M14m number, with submission time and status."""
    extra = {"drill_period": period_start, "drill_scope": scope}
    return to_float(run_sql(store, "metrics/m14m_rows", _monthly(query), extra))


def calls_for_week(store: Store, query: MetricQuery, week_start: date) -> pd.DataFrame:
    """Every rep expected to call in one week (filters of `query`), with the call if any.

    Columns: rep, rep_name, region, week_start, deadline, submitted_at, status (on_time, late,
    missing), on_time, commit, upside, month_forecast, month_upside, quarter_forecast,
    quarter_upside. `week_start` may be any day of the week. A week after the latest call in
    the store is still listed (every active rep missing) because it is named explicitly.
    """
    monday = week_start - timedelta(days=week_start.weekday())
    weekly = replace(
        query, grain="week", by="company", date_from=monday, date_to=monday, as_of=monday
    )
    frame = run_sql(
        store, "metrics/m14_rows", weekly, {"drill_period": monday, "drill_scope": None}
    )
    frame = frame.drop(columns=["scope", "period_start", "period"])
    return to_float(frame)


def missing_calls(store: Store, query: MetricQuery, week_start: date) -> pd.DataFrame:
    """The reps without a call for the week: `rep, rep_name, region`, by region and rep."""
    calls = calls_for_week(store, query, week_start)
    missing = calls.loc[calls["status"] == "missing", ["rep", "rep_name", "region"]]
    return missing.reset_index(drop=True)


__all__ = [
    "M14",
    "M14M",
    "calls_for_week",
    "forecast_submissions_behind",
    "missing_calls",
    "submission_rate",
    "submissions_behind",
]
