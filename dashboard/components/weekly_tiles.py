"""The KPI tiles of the Weekly commit call: the company totals of the chosen regions and reps.

Values come from the company row of the weekly table (M1, M2, M3, M14), M3 at company scope for
the quarter's amounts, M5 of the week and M4 of the week's month. A tile whose metric is missing
or fails shows "n/a" with the reason instead of breaking the page.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboard.components import weekly_data
from dashboard.components.bands import UNAVAILABLE, band_for, commit_accuracy_band, status_of
from dashboard.components.kpi import Kpi, tile_or_unavailable
from dashboard.components.weekly_data import Week
from dashboard.context import PageContext


def _num(row: pd.Series | None, column: str) -> float | None:
    if row is None or column not in row.index:
        return None
    value = row[column]
    if value is None or pd.isna(value):
        return None
    return float(value)


def _first(frame: pd.DataFrame) -> pd.Series | None:
    return None if frame.empty else frame.iloc[-1]


def build_tiles(ctx: PageContext, week: Week, company: pd.Series | None) -> list[Kpi]:
    """Seven tiles: M1, M2, M3 month, M3 quarter, M14, M5, M4 (company totals of the filter)."""
    th = ctx.settings.thresholds
    tiles: list[Kpi] = []

    def guarded(name: str, label: str, help_text: str, make: Callable[[], Kpi]) -> None:
        tiles.append(tile_or_unavailable(ctx, name, label, help_text, make))

    def accuracy() -> Kpi:
        value = _num(company, "last_week_accuracy")
        actual, commit = _num(company, "last_week_actual"), _num(company, "last_week_commit")
        return Kpi(
            "wk-accuracy",
            ctx.t("wk_kpi_accuracy"),
            ctx.pct(value),
            commit_accuracy_band(
                value,
                th,
                actual=actual,
                commit=commit,
                status=status_of(company, "last_week_status"),
            ),
            ctx.t("wk_help_accuracy"),
            ctx.t("wk_sub_actual_of", actual=ctx.money(actual), commit=ctx.money(commit)),
        )

    def linearity() -> Kpi:
        value = _num(company, "commit_linearity")
        return Kpi(
            "wk-linearity",
            ctx.t("wk_kpi_linearity"),
            ctx.pct(value),
            band_for("M2", value, th, status_of(company, "week_status")),
            ctx.t("wk_help_linearity"),
            ctx.t(
                "wk_sub_commit",
                commit=ctx.money(_num(company, "commit")),
                upside=ctx.money(_num(company, "upside")),
                share=ctx.money(_num(company, "linear_share")),
            ),
        )

    def month_cover() -> Kpi:
        value = _num(company, "month_cover")
        return Kpi(
            "wk-month-cover",
            ctx.t("wk_kpi_month_cover"),
            ctx.pct(value),
            band_for("M3", value, th, status_of(company, "week_status")),
            ctx.t("wk_help_month_cover"),
            ctx.t(
                "wk_sub_cover",
                value=ctx.money(_num(company, "month_forecast_upside")),
                stretch=ctx.money(_num(company, "month_stretch_target")),
            ),
        )

    def quarter_cover() -> Kpi:
        row = _first(
            ctx.metric("M3", ctx.query(grain="week", date_from=week.monday, date_to=week.monday))
        )
        value = _num(company, "quarter_cover")
        return Kpi(
            "wk-quarter-cover",
            ctx.t("wk_kpi_quarter_cover"),
            ctx.pct(value),
            band_for("M3", value, th, status_of(company, "week_status")),
            ctx.t("wk_help_quarter_cover"),
            ctx.t(
                "wk_sub_cover",
                value=ctx.money(_num(row, "quarter_forecast_upside")),
                stretch=ctx.money(_num(row, "quarter_stretch_target")),
            ),
        )

    def on_time() -> Kpi:
        value = _num(company, "on_time_rate")
        return Kpi(
            "wk-on-time",
            ctx.t("wk_kpi_on_time"),
            ctx.pct(value, 0),
            band_for("M14", value, th, status_of(company, "week_status")),
            ctx.t("wk_help_on_time"),
            ctx.t(
                "wk_sub_on_time",
                on_time=ctx.number(_num(company, "on_time")),
                expected=ctx.number(_num(company, "expected")),
            ),
        )

    def quality() -> Kpi:
        row = _first(weekly_data.commit_quality(ctx, week))
        value = _num(row, "value")
        caption = (
            ctx.t("wk_sub_no_snapshot")
            if row is None
            else ctx.t(
                "wk_sub_quality",
                weak=ctx.number(_num(row, "weak_commits")),
                should=ctx.number(_num(row, "should_be_commits")),
            )
        )
        return Kpi(
            "wk-quality",
            ctx.t("wk_kpi_quality"),
            ctx.pct(value),
            band_for("M5", value, th) if row is not None else UNAVAILABLE,
            ctx.t("wk_help_quality"),
            caption,
        )

    def unrealized() -> Kpi:
        row = _first(weekly_data.unrealized(ctx, week, "company"))
        value = _num(row, "value")
        return Kpi(
            "wk-unrealized",
            ctx.t("wk_kpi_unrealized", month=week.month_label),
            ctx.pct(value),
            band_for("M4", value, th, status_of(row, "status")),
            ctx.t("wk_help_unrealized"),
            ctx.t(
                "wk_sub_actual_of",
                actual=ctx.money(_num(row, "unrealized")),
                commit=ctx.money(_num(row, "booked")),
            ),
        )

    makers: tuple[tuple[str, str, str, Callable[[], Kpi]], ...] = (
        ("wk-accuracy", "wk_kpi_accuracy", "wk_help_accuracy", accuracy),
        ("wk-linearity", "wk_kpi_linearity", "wk_help_linearity", linearity),
        ("wk-month-cover", "wk_kpi_month_cover", "wk_help_month_cover", month_cover),
        ("wk-quarter-cover", "wk_kpi_quarter_cover", "wk_help_quarter_cover", quarter_cover),
        ("wk-on-time", "wk_kpi_on_time", "wk_help_on_time", on_time),
        ("wk-quality", "wk_kpi_quality", "wk_help_quality", quality),
        ("wk-unrealized", "wk_kpi_unrealized", "wk_help_unrealized", unrealized),
    )
    for name, label_key, help_key, make in makers:
        guarded(name, ctx.t(label_key, month=week.month_label), ctx.t(help_key), make)
    return tiles
