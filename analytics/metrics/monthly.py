"""The monthly forecast review's table: one row per rep, region and the company for one month.

The twin of analytics.metrics.weekly: M8 twelve-month cover, M14m forecasts on time, M9 coverage
of the fiscal quarter holding the month, M10 and M10c growth and the M11s quality score, side by
side. Region and company rows are the same metrics computed at that scope (numerators and
denominators added there), never an average of the rep rows. Nothing here registers a metric.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import partial

import pandas as pd

from analytics.metrics import get_metric
from analytics.metrics.base import Grain, MetricQuery, Scope
from analytics.metrics.parallel import run_all
from analytics.store import Store

LEVELS: tuple[Scope, ...] = ("rep", "region", "company")

# (metric, grain, its columns renamed for the table); M9 is read for the month's quarter.
PARTS: tuple[tuple[str, Grain, dict[str, str]], ...] = (
    (
        "M8",
        "month",
        {"forecast": "m8_forecast", "stretch_target": "m8_stretch", "value": "m8_cover"},
    ),
    (
        "M14m",
        "month",
        {
            "value": "m14m_rate",
            "on_time": "m14m_on_time",
            "expected": "m14m_expected",
            "late": "m14m_late",
            "missing": "m14m_missing",
        },
    ),
    ("M9", "quarter", {"value": "m9_coverage"}),
    ("M10", "month", {"value": "m10_growth"}),
    ("M10c", "month", {"value": "m10c_growth"}),
    ("M11s", "month", {"value": "m11s_score", "prev_value": "m11s_prev"}),
)

REVIEW_COLUMNS = (
    "level",
    "region",
    "scope",
    "rep_name",
    "m8_forecast",
    "m8_stretch",
    "m8_cover",
    "m14m_rate",
    "m14m_on_time",
    "m14m_expected",
    "m14m_late",
    "m14m_missing",
    "m9_coverage",
    "m10_growth",
    "m10c_growth",
    "m11s_score",
    "m11s_prev",
)


def _rep_directory(store: Store) -> pd.DataFrame:
    """Every known rep's name and region (the rep_dim view), keyed by scope."""
    cur = store.cursor()
    try:
        frame = cur.table("rep_dim").df()
    finally:
        cur.close()
    return frame[["rep", "name", "region"]].rename(columns={"rep": "scope", "name": "rep_name"})


def review_parts(
    store: Store, query: MetricQuery, month_start: date, quarter_start: date
) -> dict[tuple[Scope, str], pd.DataFrame]:
    """The metric frames the review table is built from, keyed (level, metric id): each metric
    of PARTS at rep, region and company level for the month (M9: its quarter), asked side by side.

    `query` carries the filters and the as-of day; each frame is exactly what
    `get_metric(metric).compute` gives for the query with that level, grain and period.
    """
    keys: list[tuple[Scope, str]] = []
    tasks: list[Callable[[], pd.DataFrame]] = []
    for level in LEVELS:
        for metric, grain, _ in PARTS:
            start = quarter_start if grain == "quarter" else month_start
            asked = replace(query, by=level, grain=grain, date_from=start, date_to=start)
            keys.append((level, metric))
            tasks.append(partial(get_metric(metric).compute, store, asked))
    return dict(zip(keys, run_all(tasks), strict=True))


def table_of(parts: dict[tuple[Scope, str], pd.DataFrame], directory: pd.DataFrame) -> pd.DataFrame:
    """The review table from `review_parts` and the rep directory (columns scope, rep_name,
    region)."""
    blocks = []
    for level in LEVELS:
        merged: pd.DataFrame | None = None
        for metric, _, columns in PARTS:
            frame = parts[(level, metric)]
            present = {k: v for k, v in columns.items() if k in frame.columns}
            part = frame[["scope", *present]].rename(columns=present).drop_duplicates("scope")
            merged = part if merged is None else merged.merge(part, on="scope", how="outer")
        assert merged is not None
        merged.insert(0, "level", level)
        blocks.append(merged)
    reps, regions, company = blocks
    reps = reps.merge(directory, on="scope", how="left")
    regions["region"] = regions["scope"]
    company["region"] = None
    table = pd.concat([reps, regions, company], ignore_index=True)
    for column in REVIEW_COLUMNS:
        if column not in table.columns:
            table[column] = None
    order = table["level"].map({"rep": 0, "region": 1, "company": 2})
    table["_region"] = table["region"].where(table["level"] != "company", "\uffff").fillna("")
    table["_order"] = order
    table = table.sort_values(["_region", "_order", "scope"], kind="stable")
    return table[list(REVIEW_COLUMNS)].reset_index(drop=True)


@dataclass(frozen=True)
class Review:
    """The review table and the metric frames it was built from (`review_parts`)."""

    table: pd.DataFrame
    parts: dict[tuple[Scope, str], pd.DataFrame]


def review(store: Store, query: MetricQuery, month_start: date, quarter_start: date) -> Review:
    """`review_table` with its parts, so that a page showing a company number of the table (the
    Monthly tiles) reads the frame already computed for it."""
    parts = review_parts(store, query, month_start, quarter_start)
    return Review(table_of(parts, _rep_directory(store)), parts)


def review_table(
    store: Store, query: MetricQuery, month_start: date, quarter_start: date
) -> pd.DataFrame:
    """The review table of one month: rep rows with any number, each region's total after its
    reps, the company last (`level` says which); columns REVIEW_COLUMNS, missing values NaN.

    `query` carries the filters and the as-of day; `quarter_start` is the first day of the
    fiscal quarter holding the month (M9 is read for it).
    """
    return review(store, query, month_start, quarter_start).table


__all__ = ["REVIEW_COLUMNS", "Review", "review", "review_parts", "review_table", "table_of"]
