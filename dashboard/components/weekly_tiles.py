"""The KPI tiles of the Weekly commit call: the company totals of the chosen regions and reps.

Values come from the company row of the weekly table (M1, M2, M3, M14), M3 at company scope for
the quarter's amounts, M5 of the week and M4 of the week's month (each the row of the period
asked for). A tile whose metric fails shows "n/a" with the reason instead of breaking the page.
"""

from __future__ import annotations

import pandas as pd

from analytics.settings import Thresholds
from dashboard.components import weekly_data
from dashboard.components.bands import Band, commit_accuracy_band
from dashboard.components.kpi import Kpi, Row, TileSpec, build_tiles, cell, row_of
from dashboard.components.weekly_data import Week
from dashboard.context import PageContext


def _accuracy_band(row: Row, value: float | None, th: Thresholds, status: str | None) -> Band:
    actual, commit = cell(row, "last_week_actual"), cell(row, "last_week_commit")
    return commit_accuracy_band(value, th, actual=actual, commit=commit, status=status)


QUARTER_AMOUNTS = ["quarter_forecast_upside", "quarter_stretch_target"]
TILES: tuple[TileSpec, ...] = (
    TileSpec(
        "wk-accuracy",
        "M1",
        "wk_kpi_accuracy",
        "wk_help_accuracy",
        source="company",
        value="last_week_accuracy",
        status="last_week_status",
        band=_accuracy_band,
        caption="wk_sub_actual_of",
        fields=(("actual", "last_week_actual", "money"), ("commit", "last_week_commit", "money")),
    ),
    TileSpec(
        "wk-linearity",
        "M2",
        "wk_kpi_linearity",
        "wk_help_linearity",
        source="company",
        value="commit_linearity",
        status="week_status",
        caption="wk_sub_commit",
        fields=(
            ("commit", "commit", "money"),
            ("upside", "upside", "money"),
            ("share", "linear_share", "money"),
        ),
    ),
    TileSpec(
        "wk-month-cover",
        "M3",
        "wk_kpi_month_cover",
        "wk_help_month_cover",
        source="company",
        value="month_cover",
        status="week_status",
        caption="wk_sub_cover",
        fields=(
            ("value", "month_forecast_upside", "money"),
            ("stretch", "month_stretch_target", "money"),
        ),
    ),
    TileSpec(
        "wk-quarter-cover",
        "M3",
        "wk_kpi_quarter_cover",
        "wk_help_quarter_cover",
        source="quarter",
        value="quarter_cover",
        status="week_status",
        caption="wk_sub_cover",
        fields=(
            ("value", "quarter_forecast_upside", "money"),
            ("stretch", "quarter_stretch_target", "money"),
        ),
    ),
    TileSpec(
        "wk-on-time",
        "M14",
        "wk_kpi_on_time",
        "wk_help_on_time",
        source="company",
        value="on_time_rate",
        fmt="pct0",
        status="week_status",
        caption="wk_sub_on_time",
        fields=(("on_time", "on_time", "number"), ("expected", "expected", "number")),
    ),
    TileSpec(
        "wk-quality",
        "M5",
        "wk_kpi_quality",
        "wk_help_quality",
        source="quality",
        status=None,
        no_row="wk_sub_no_snapshot",
        caption="wk_sub_quality",
        fields=(("weak", "weak_commits", "number"), ("should", "should_be_commits", "number")),
    ),
    TileSpec(
        "wk-unrealized",
        "M4",
        "wk_kpi_unrealized",
        "wk_help_unrealized",
        source="unrealized",
        caption="wk_sub_actual_of",
        fields=(("actual", "unrealized", "money"), ("commit", "booked", "money")),
    ),
)


def _quarter_row(ctx: PageContext, week: Week, company: Row) -> Row:
    """The company row with the quarter's amounts of M3 (company scope, the week's Monday)."""
    query = ctx.query(grain="week", date_from=week.monday, date_to=week.monday)
    m3 = row_of(ctx.metric("M3", query), week.monday.isoformat())
    amounts = [] if m3 is None else [m3.reindex(QUARTER_AMOUNTS)]
    parts = ([] if company is None else [company]) + amounts
    return pd.concat(parts) if parts else None


def build(ctx: PageContext, week: Week, company: Row) -> list[Kpi]:
    """Seven tiles: M1, M2, M3 month, M3 quarter, M14, M5, M4 (company totals of the filter)."""
    rows = {
        "company": lambda: company,
        "quarter": lambda: _quarter_row(ctx, week, company),
        "quality": lambda: row_of(weekly_data.commit_quality(ctx, week), week.monday.isoformat()),
        "unrealized": lambda: row_of(
            weekly_data.unrealized(ctx, week, "company"), week.month_label
        ),
    }
    return build_tiles(ctx, TILES, rows, month=week.month_label)
