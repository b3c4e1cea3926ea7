"""Running a metric's SQL and shaping its output to the contract of DESIGN.md.

Each standard metric SQL (sql/metrics/<id>.sql) returns the columns `period_start, period,
scope, value` plus its numerator, denominator and extra columns, and binds only the parameters
of MetricQuery.params() plus the thresholds and settings below. This module adds the `metric`
column, orders columns and rows, and turns DECIMAL values into floats (None stays None).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from decimal import Decimal
from typing import Any

import pandas as pd

from analytics.metrics.base import MetricQuery, MetricSpec
from analytics.store import Store


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
        }
    )
    params.update({f.name: getattr(s.thresholds, f.name) for f in fields(s.thresholds)})
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


def shape_standard(spec: MetricSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """Order rows by period and scope and columns as: metric, period, scope, value, num, den, extras."""
    frame = to_float(frame)
    if "period_start" in frame.columns:
        frame = frame.sort_values(["period_start", "scope"], kind="stable")
    else:
        frame = frame.sort_values(["period", "scope"], kind="stable")
    cols = ["period", "scope", "value"]
    cols += [c for c in (spec.numerator, spec.denominator) if c]
    cols += [c for c in spec.extra_columns if c not in cols]
    out = frame[cols].copy()
    out.insert(0, "metric", spec.id)
    return out.reset_index(drop=True)


def run_standard(
    store: Store,
    spec: MetricSpec,
    query: MetricQuery,
    sql_name: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Run a standard metric (sql/metrics/<id lower>.sql by default) and shape its output."""
    name = sql_name or f"metrics/{spec.id.lower()}"
    return shape_standard(spec, run_sql(store, name, query, extra))
