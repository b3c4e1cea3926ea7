"""The statements of sql/ with the parameter sets the registry and the drill-downs really bind.

`record_workload(store)` runs every metric of the registry (each scope and grain it accepts) and
every drill-down and page view function on a DuckDB store, and records each statement of sql/
that they execute with its bound parameters, as the Spark parity tests replay them
(tests/analytics/test_spark_parity.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from analytics.metrics import REGISTRY, MetricQuery, all_metric_ids
from analytics.sql import load_sql, sql_names
from analytics.store import Store


@dataclass(frozen=True)
class Call:
    name: str  # sql/<name>.sql
    text: str
    params: dict[str, Any]

    def key(self) -> tuple[str, str]:
        return self.name, repr(sorted(self.params.items()))


class _Recording:
    def __init__(self, cursor: Any, calls: list[Call], names: Mapping[str, str]) -> None:
        self._cursor = cursor
        self._calls = calls
        self._names = names

    def execute(self, text: str, params: Mapping[str, Any] | None = None) -> Any:
        name = self._names.get(text)
        if name is not None:
            self._calls.append(Call(name, text, dict(params or {})))
        return self._cursor.execute(text, params or {})

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._cursor, attr)


def record(store: Store, work: Callable[[], object]) -> list[Call]:
    """The statements of sql/ that `work` executes on `store`, in order, without repeats."""
    names = {load_sql(n): n for n in sql_names()}
    calls: list[Call] = []
    original = store.cursor
    store.cursor = lambda: _Recording(original(), calls, names)  # type: ignore[method-assign]
    try:
        work()
    finally:
        store.cursor = original  # type: ignore[method-assign]
    seen: set[tuple[str, str]] = set()
    out = []
    for call in calls:
        if call.name.startswith("memo/"):
            continue  # results kept in the DuckDB store (analytics/memo.py), not a metric's SQL
        if call.key() not in seen:
            seen.add(call.key())
            out.append(call)
    return out


def record_workload(store: Store, full: bool = False) -> list[Call]:
    """Every metric (company/region/rep; month grain, and every grain when `full`) and every
    drill-down and view function once, on a store holding the demo."""
    return record(store, lambda: _run_workload(store, full))


def _run_workload(store: Store, full: bool) -> None:
    from analytics import snapshot_views as views
    from analytics.metrics import (
        bookings,
        commit,
        discipline,
        forecast,
        forecast_months,
        linearity,
        matrix,
        pipeline,
        waterfall,
        weekly,
    )
    from analytics.metrics.attainment import attainment_ytd

    dates = views.snapshot_dates(store)
    latest = max(dates)
    s0 = dates[-5] if len(dates) >= 5 else dates[0]
    scopes = ("company", "region", "rep") if full else ("company", "region")
    grains = ("week", "month", "quarter") if full else ("month",)
    for mid in all_metric_ids():
        spec = REGISTRY[mid]
        for by in scopes:
            for grain in grains:
                q = MetricQuery(by=by, grain=grain, s0=s0, s1=latest)
                spec.compute(store, q)
    q = MetricQuery(by="region", grain="month")
    month = date(latest.year, latest.month, 1) - timedelta(days=1)
    month = date(month.year, month.month, 1)
    monday = latest - timedelta(days=latest.weekday()) - timedelta(days=7)
    region = "company" if q.by == "company" else _a_region(store)
    bookings.bookings_behind(store, q, month, region, include_cancelled=True)
    bookings.bookings_behind_range(store, q, date(month.year, 1, 1), month, region)
    bookings.conversion_behind(store, q, month, region, "commit")
    commit.commit_list(store, replace(q, grain="week"), monday, region)
    discipline.submissions_behind(store, replace(q, grain="week"), monday, region)
    discipline.forecast_submissions_behind(store, q, month, region)
    discipline.missing_calls(store, q, monday)
    forecast.accuracy_by_horizon(store, q)
    forecast_months.twelve_month_profile(store, q, month)
    quarter = date(month.year, ((month.month - 1) // 3) * 3 + 1, 1)
    linearity.weekly_linearity(store, q, quarter)
    for kind in ("all", "slipped", "stale", "past_due"):
        pipeline.pipeline_deals(store, q, kind, region)  # type: ignore[arg-type]
    pipeline.stage_distribution(store, q)
    waterfall.waterfall_deals(store, replace(q, s0=s0, s1=latest))
    weekly.weekly_table(store, q, monday)
    matrix.rep_matrix(store, q)
    attainment_ytd(store, q, latest)
    views.stage_mix(store, q, month, month + timedelta(days=90))
    views.stage_mix_deals(store, q, month, month + timedelta(days=90))
    views.open_pipeline_by_snapshot(store, q)


def _a_region(store: Store) -> str:
    row = store.cursor().execute("SELECT min(region) FROM rep_dim").fetchone()
    return str(row[0]) if row else "company"
