"""The KPI tiles of the Monthly forecast review: the company totals of the chosen regions and reps.

M8 twelve-month cover, M14m forecasts on time, M9 coverage of the quarter, M10 and M10c growth,
M11s quality score. A tile whose metric is missing or fails shows "n/a" with the reason.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboard.components import monthly_data
from dashboard.components.bands import NO_THRESHOLD, UNAVAILABLE, Band, band_for, status_of
from dashboard.components.kpi import Kpi, tile_or_unavailable
from dashboard.components.monthly_data import Month
from dashboard.components.monthly_table import arrow, num
from dashboard.context import PageContext


def _row(frame: pd.DataFrame) -> pd.Series | None:
    return None if frame.empty else frame.iloc[-1]


def _get(row: pd.Series | None, column: str) -> float | None:
    return None if row is None or column not in row.index else num(row[column])


def build_tiles(ctx: PageContext, month: Month) -> list[Kpi]:
    th = ctx.settings.thresholds
    m0 = ctx.settings.fiscal_year_start_month
    tiles: list[Kpi] = []

    def guarded(name: str, label: str, help_text: str, make: Callable[[], Kpi]) -> None:
        tiles.append(tile_or_unavailable(ctx, name, label, help_text, make))

    def cover() -> Kpi:
        row = _row(monthly_data.twelve_month_cover(ctx, month))
        value = _get(row, "value")
        return Kpi(
            "mo-m8",
            ctx.t("mo_kpi_m8"),
            ctx.pct(value),
            band_for("M8", value, th, status_of(row)),
            ctx.t("mo_help_m8"),
            ctx.t(
                "mo_sub_of",
                value=ctx.money(_get(row, "forecast")),
                target=ctx.money(_get(row, "stretch_target")),
            ),
        )

    def discipline() -> Kpi:
        row = _row(monthly_data.forecast_discipline(ctx, month))
        value = _get(row, "value")
        return Kpi(
            "mo-m14m",
            ctx.t("mo_kpi_m14m"),
            ctx.pct(value, 0),
            band_for("M14m", value, th, status_of(row)),
            ctx.t("mo_help_m14m"),
            ctx.t(
                "mo_sub_on_time",
                on_time=ctx.number(_get(row, "on_time")),
                expected=ctx.number(_get(row, "expected")),
            ),
        )

    def coverage() -> Kpi:
        row = _row(monthly_data.quarter_coverage(ctx, month))
        value = _get(row, "value")
        return Kpi(
            "mo-m9",
            ctx.t("mo_kpi_m9", quarter=month.quarter_label(m0)),
            ctx.pct(value, 0),
            band_for("M9", value, th),
            ctx.t("mo_help_m9"),
            ctx.t(
                "mo_sub_coverage",
                open=ctx.money(_get(row, "open_pipeline")),
                left=ctx.money(_get(row, "remaining_target")),
            ),
        )

    def growth(metric: str, name: str, now: str, previous: str) -> Callable[[], Kpi]:
        def make() -> Kpi:
            row = _row(monthly_data.growth(ctx, month, metric))
            value = _get(row, "value")
            return Kpi(
                name,
                ctx.t(f"mo_kpi_{metric.lower()}"),
                ctx.pct(value),
                band_for(metric, value, th, status_of(row)),
                ctx.t(f"mo_help_{metric.lower()}"),
                ctx.t(
                    "mo_sub_change",
                    now=ctx.money(_get(row, now)),
                    previous=ctx.money(_get(row, previous)),
                ),
            )

        return make

    def score() -> Kpi:
        row = _row(monthly_data.quality_score(ctx, month))
        value, previous = _get(row, "value"), _get(row, "prev_value")
        mark = arrow(value, previous, 1)
        band: Band = NO_THRESHOLD if value is not None else UNAVAILABLE
        if mark in ("▲", "▼"):
            band = Band("good", "mo_q_better") if mark == "▲" else Band("bad", "mo_q_worse")
        return Kpi(
            "mo-m11s",
            ctx.t("mo_kpi_m11s"),
            ctx.number(value, 1),
            band,
            ctx.t("mo_help_m11s"),
            ctx.t("mo_sub_last_month", value=f"{ctx.number(previous, 1)} {mark}".strip()),
        )

    quarter = month.quarter_label(m0)
    makers: tuple[tuple[str, str, str, Callable[[], Kpi]], ...] = (
        ("mo-m8", ctx.t("mo_kpi_m8"), "mo_help_m8", cover),
        ("mo-m14m", ctx.t("mo_kpi_m14m"), "mo_help_m14m", discipline),
        ("mo-m9", ctx.t("mo_kpi_m9", quarter=quarter), "mo_help_m9", coverage),
        (
            "mo-m10",
            ctx.t("mo_kpi_m10"),
            "mo_help_m10",
            growth("M10", "mo-m10", "pipeline", "previous_pipeline"),
        ),
        (
            "mo-m10c",
            ctx.t("mo_kpi_m10c"),
            "mo_help_m10c",
            growth("M10c", "mo-m10c", "commit", "previous_commit"),
        ),
        ("mo-m11s", ctx.t("mo_kpi_m11s"), "mo_help_m11s", score),
    )
    for name, label, help_key, make in makers:
        guarded(name, label, ctx.t(help_key), make)
    return tiles
