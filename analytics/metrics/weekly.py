"""The Monday commit call's table: one row per rep, region and the company for one week.

Each row answers the call's questions for its scope: did last week's commit hold (M1 with its
band), does this week's commit carry its linear share (M2), do forecast + upside cover the
month and quarter stretch targets (M3), and was the call on time (M14). Region and company
rows are the same metrics computed at that scope, i.e. numerators and denominators added
before dividing, never an average of the rep rows. Nothing here registers a metric.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd

from analytics.metrics.base import MetricQuery, Scope
from analytics.metrics.commit import M1, M2, M3
from analytics.metrics.discipline import M14, calls_for_week
from analytics.metrics.parallel import run_all
from analytics.store import Store

LEVELS: tuple[Scope, ...] = ("rep", "region", "company")

WEEKLY_COLUMNS = (
    "level",
    "region",
    "scope",
    "rep_name",
    "last_week_actual",
    "last_week_commit",
    "last_week_accuracy",
    "last_week_status",
    "commit",
    "upside",
    "linear_share",
    "commit_linearity",
    "month_forecast_upside",
    "month_stretch_target",
    "month_cover",
    "quarter_cover",
    "submitted_at",
    "call_status",
    "on_time",
    "expected",
    "on_time_rate",
    "week_status",
)


def _level_tasks(
    store: Store, query: MetricQuery, monday: date, level: Scope
) -> list[Callable[[], pd.DataFrame]]:
    """M1 of last week and M2, M3, M14 of this week for every scope of one level (4 queries)."""
    this_week = replace(
        query, by=level, grain="week", date_from=monday, date_to=monday, as_of=monday
    )
    last = monday - timedelta(days=7)
    last_week = replace(this_week, date_from=last, date_to=last)
    return [
        lambda: M1.compute(store, last_week),
        lambda: M2.compute(store, this_week),
        lambda: M3.compute(store, this_week),
        lambda: M14.compute(store, this_week),
    ]


def _merge_level(
    m1: pd.DataFrame, m2: pd.DataFrame, m3: pd.DataFrame, m14: pd.DataFrame
) -> pd.DataFrame:
    """One row per scope with the weekly table's columns of M1, M2, M3 and M14."""
    m1 = m1.rename(
        columns={
            "value": "last_week_accuracy",
            "actual": "last_week_actual",
            "commit": "last_week_commit",
            "status": "last_week_status",
        }
    )
    m2 = m2.rename(columns={"value": "commit_linearity", "status": "week_status"})
    m3 = m3.rename(
        columns={
            "value": "month_cover",
            "forecast_upside": "month_forecast_upside",
            "stretch_target": "month_stretch_target",
        }
    )
    m14 = m14.rename(columns={"value": "on_time_rate"})
    parts = [
        m1[
            [
                "scope",
                "last_week_actual",
                "last_week_commit",
                "last_week_accuracy",
                "last_week_status",
            ]
        ],
        m2[["scope", "commit", "upside", "linear_share", "commit_linearity", "week_status"]],
        m3[
            [
                "scope",
                "month_forecast_upside",
                "month_stretch_target",
                "month_cover",
                "quarter_cover",
            ]
        ],
        m14[["scope", "on_time", "expected", "on_time_rate"]],
    ]
    merged = parts[0]
    for part in parts[1:]:
        merged = merged.merge(part, on="scope", how="outer")
    return merged


def weekly_table(store: Store, query: MetricQuery, week_start: date) -> pd.DataFrame:
    """The per-rep table of one week's commit call, with region and company totals.

    Rows: every rep expected to call that week (active, within the filters of `query`), then
    its region's total after the region's reps, and the company last. `level` says which.
    Columns: WEEKLY_COLUMNS; `call_status` (not_due, on_time, late, missing) and `submitted_at`
    are set on rep rows only; `week_status` is `not_due` while the week's call is not yet due
    (M2, M3 and M14 then judge nothing). Unavailable values are NaN.
    """
    monday = week_start - timedelta(days=week_start.weekday())
    # 13 independent queries (the calls of the week, 4 metrics x 3 levels), asked side by side.
    tasks: list[Callable[[], pd.DataFrame]] = [lambda: calls_for_week(store, query, monday)]
    for level in LEVELS:
        tasks += _level_tasks(store, query, monday, level)
    results = run_all(tasks)
    calls = results[0]
    reps = calls[["rep", "rep_name", "region", "submitted_at", "status"]].rename(
        columns={"rep": "scope", "status": "call_status"}
    )
    reps.insert(0, "level", "rep")
    regions = pd.DataFrame(
        {"scope": pd.Series(sorted(calls["region"].dropna().unique()), dtype="object")}
    )
    regions["region"] = regions["scope"]
    regions.insert(0, "level", "region")
    company = pd.DataFrame({"level": ["company"], "scope": ["company"], "region": [None]})
    keys = {"rep": reps, "region": regions, "company": company}
    blocks = []
    for i, level in enumerate(LEVELS):
        m1, m2, m3, m14 = results[1 + 4 * i : 5 + 4 * i]
        metrics = _merge_level(m1, m2, m3, m14)
        block = keys[level].astype({"scope": "object"})
        metrics = metrics.astype({"scope": "object"})
        blocks.append(block.merge(metrics, on="scope", how="left"))
    table = pd.concat(blocks, ignore_index=True)
    for column in WEEKLY_COLUMNS:
        if column not in table.columns:
            table[column] = None
    order = table["level"].map({"rep": 0, "region": 1, "company": 2})
    table["_region"] = table["region"].where(table["level"] != "company", "\uffff")
    table["_order"] = order
    table = table.sort_values(["_region", "_order", "scope"], kind="stable")
    return table[list(WEEKLY_COLUMNS)].reset_index(drop=True)


__all__ = ["WEEKLY_COLUMNS", "weekly_table"]
