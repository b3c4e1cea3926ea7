"""Running a metric's SQL and shaping its output to the contract of DESIGN.md.

Each standard metric SQL (sql/metrics/<id>.sql) returns the columns `period_start, period,
scope, value` plus its numerator, denominator and extra columns, and binds only the parameters
of MetricQuery.params() plus the thresholds and settings below. This module adds the `metric`
column, orders columns and rows, and turns DECIMAL values into floats (None stays None).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import pandas as pd

from analytics.calendar import call_deadline, period_ended, review_deadline
from analytics.calendar import now as clock_now
from analytics.metrics.base import Grain, MetricQuery, MetricSpec
from analytics.settings import Settings
from analytics.store import Store
from analytics.thresholds import sql_params


def metric_params(store: Store, query: MetricQuery) -> dict[str, Any]:
    """Every bound parameter a metric SQL may use: filters, calendar, settings, thresholds."""
    s = store.settings
    params = query.params(s.fiscal_year_start_month)
    params.update(
        {
            "max_age": s.snapshot_max_age_days,
            "eligible_stage": s.eligible_stage,
            "deadline_weekday": s.call_deadline_weekday,
            "deadline_hour": s.call_deadline_hour,
            "linear_by": s.linear_share,
            "working_weekdays": list(s.working_weekdays),
            "holidays": list(s.holidays),
        }
    )
    params.update(sql_params(s.thresholds))  # the edges of analytics/thresholds.py
    return params


def run_sql(
    store: Store, sql_name: str, query: MetricQuery, extra: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Run sql/<sql_name>.sql binding only the parameters that the statement names."""
    from analytics.sql import load_sql

    text = load_sql(sql_name)
    params = metric_params(store, query)
    params.update(extra or {})
    used = {k: v for k, v in params.items() if f"${k}" in text}
    cur = store.cursor()
    try:
        return cur.execute(text, used).df()
    finally:
        cur.close()


def to_float(frame: pd.DataFrame) -> pd.DataFrame:
    """DECIMAL columns arrive as object columns of Decimal; make them float, keep None as NaN."""
    for col in frame.columns:
        if frame[col].dtype == object and frame[col].map(lambda v: isinstance(v, Decimal)).any():
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    return frame


def judge_running_periods(
    spec: MetricSpec,
    frame: pd.DataFrame,
    grain: Grain,
    settings: Settings,
    moment: datetime | None = None,
) -> pd.DataFrame:
    """Blank what a period that has not ended cannot yet say (docs/metrics.md, "Common rules").

    For an "outcome" metric, a period whose last day is today or later gets an empty value (and
    empty `judged_columns`) and status `in_progress`; its amounts stay ("so far"). A "call"
    metric at week grain is `not_due` until the week's call deadline and judged after it; its
    months and quarters are "outcome"-like. A "submission" metric is counted by its SQL over due
    submissions only; a period with none due (expected 0) is `not_due`. A "review" metric (M8)
    is `not_due` for a review month whose 12-month forecast is not yet due.
    """
    if spec.judged == "none":
        return frame
    if "status" not in frame.columns:
        frame["status"] = None
    if "period_start" not in frame.columns or frame.empty:
        return frame
    moment = moment or clock_now()
    starts = pd.to_datetime(frame["period_start"]).dt.date
    if spec.judged == "submission":
        not_due = frame["expected"].fillna(0) == 0
        frame["status"] = frame["status"].astype(object).where(~not_due, "not_due")
        return frame
    if spec.judged == "review":
        weekday, hour = settings.call_deadline_weekday, settings.call_deadline_hour
        running = starts.map(lambda d: review_deadline(d, weekday, hour) > moment)
        label = "not_due"
    elif spec.judged == "call" and grain == "week":
        weekday, hour = settings.call_deadline_weekday, settings.call_deadline_hour
        running = starts.map(lambda d: call_deadline(d, weekday, hour) > moment)
        label = "not_due"
    else:
        running = starts.map(lambda d: not period_ended(d, grain, moment.date()))
        label = "in_progress"
    running = running.astype(bool)
    if not running.any():
        return frame
    for col in ("value", *spec.judged_columns):
        if col in frame.columns:
            frame[col] = frame[col].astype("float64").where(~running)
    frame["status"] = frame["status"].astype(object).where(~running, label)
    return frame


def shape_standard(
    spec: MetricSpec,
    frame: pd.DataFrame,
    store: Store | None = None,
    grain: Grain | None = None,
) -> pd.DataFrame:
    """Order rows by period and scope and columns as: metric, period, scope, value, num, den, extras.

    With `store` and `grain`, periods that have not ended are judged by `judge_running_periods`
    (every metric of the registry passes them; a test checks).
    """
    frame = to_float(frame)
    if store is not None and grain is not None:
        frame = judge_running_periods(spec, frame, grain, store.settings)
    if "period_start" in frame.columns:
        frame = frame.sort_values(["period_start", "scope"], kind="stable")
    else:
        frame = frame.sort_values(["period", "scope"], kind="stable")
    cols = ["period", "scope", "value"]
    cols += [c for c in (spec.numerator, spec.denominator) if c]
    cols += [c for c in spec.output_extras if c not in cols]
    out = frame[cols].copy()
    out.insert(0, "metric", spec.id)
    return out.reset_index(drop=True)
