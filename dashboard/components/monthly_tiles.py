"""The KPI tiles of the Monthly forecast review: the company totals of the chosen regions and reps.

M8 twelve-month cover, M14m forecasts on time, M9 coverage of the quarter, M10 and M10c growth,
M11s quality score, each the row of the review month (M9: of its quarter). A tile whose metric
fails shows "n/a" with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from analytics.calendar import now as clock_now
from analytics.settings import Thresholds
from dashboard.components import monthly_data
from dashboard.components.bands import IN_PROGRESS, NO_THRESHOLD, NOT_DUE, UNAVAILABLE, Band
from dashboard.components.kpi import Kpi, Row, TileSpec, build_tiles, cell, row_of
from dashboard.components.monthly_data import Month
from dashboard.components.monthly_table import arrow
from dashboard.context import PageContext


def _score_band(row: Row, value: float | None, th: Thresholds, status: str | None) -> Band:
    """M11s has no threshold: better or worse than a month before."""
    mark = arrow(value, cell(row, "prev_value"), 1)
    if mark == "▲":
        return Band("good", "mo_q_better")
    if mark == "▼":
        return Band("bad", "mo_q_worse")
    return NO_THRESHOLD if value is not None else UNAVAILABLE


def _score_caption(ctx: PageContext, row: Row, texts: Mapping[str, object]) -> str:
    value, previous = cell(row, "value"), cell(row, "prev_value")
    mark = arrow(value, previous, 1)
    return ctx.t("mo_sub_last_month", value=f"{ctx.number(previous, 1)} {mark}".strip())


def _growth(metric: str, now: str, previous: str) -> TileSpec:
    key = metric.lower()
    return TileSpec(
        f"mo-{key}",
        metric,
        f"mo_kpi_{key}",
        f"mo_help_{key}",
        source=metric,
        caption="mo_sub_change",
        fields=(("now", now, "money"), ("previous", previous, "money")),
    )


TILES: tuple[TileSpec, ...] = (
    TileSpec(
        "mo-m8",
        "M8",
        "mo_kpi_m8",
        "mo_help_m8",
        source="M8",
        caption="mo_sub_of",
        fields=(("value", "forecast", "money"), ("target", "stretch_target", "money")),
    ),
    TileSpec(
        "mo-m14m",
        "M14m",
        "mo_kpi_m14m",
        "mo_help_m14m",
        source="M14m",
        fmt="pct0",
        caption="mo_sub_on_time",
        fields=(("on_time", "on_time", "number"), ("expected", "expected", "number")),
    ),
    TileSpec(
        "mo-m9",
        "M9",
        "mo_kpi_m9",
        "mo_help_m9",
        source="M9",
        fmt="pct0",
        status=None,
        caption="mo_sub_coverage",
        fields=(("open", "open_pipeline", "money"), ("left", "remaining_target", "money")),
    ),
    _growth("M10", "pipeline", "previous_pipeline"),
    _growth("M10c", "commit", "previous_commit"),
    TileSpec(
        "mo-m11s",
        "M11s",
        "mo_kpi_m11s",
        "mo_help_m11s",
        source="M11s",
        fmt="number1",
        band=_score_band,
        describe=_score_caption,
    ),
)


SNAPSHOT_SOURCES = ("M10", "M10c", "M11s")


def _why_missing(ctx: PageContext, month: Month, source: str) -> tuple[Band, str] | None:
    """Why a tile's row is missing, when the reason is the calendar rather than the data.

    M8's review month has no row until a rep submits it: before it is due that is "not due",
    not "unavailable". M10, M10c and M11s of a month are read at the month's last snapshot: a
    month without a snapshot yet (the latest belongs to the month before) is "in progress".
    """
    if source == "M8":
        due = monthly_data.review_due(ctx, month.label)
        if due > clock_now():
            return NOT_DUE, ctx.t("mo_sub_review_due", due=due.strftime("%Y-%m-%d %H:%M"))
        return UNAVAILABLE, ctx.t("mo_sub_review_missing", month=month.label)
    if source in SNAPSHOT_SOURCES:
        latest = monthly_data.latest_snapshot(ctx, month)
        if latest is not None and latest < month.start:
            return IN_PROGRESS, ctx.t("mo_sub_no_snapshot_yet", month=month.label, date=latest)
    return None


def build(ctx: PageContext, month: Month) -> list[Kpi]:
    """Six tiles: M8, M14m, M9, M10, M10c, M11s of the review month (company totals).

    A tile whose row is missing for a calendar reason (see `_why_missing`) says so, with "—".
    """
    label = month.label
    missing: set[str] = set()

    def tracked(source: str, load: Callable[[], Row]) -> Callable[[], Row]:
        def run() -> Row:
            row = load()
            if row is None:
                missing.add(source)
            return row

        return run

    rows = {
        "M8": lambda: row_of(monthly_data.twelve_month_cover(ctx, month), label),
        "M14m": lambda: row_of(monthly_data.forecast_discipline(ctx, month), label),
        "M9": lambda: row_of(monthly_data.quarter_coverage(ctx, month)),
        "M10": lambda: row_of(monthly_data.growth(ctx, month, "M10"), label),
        "M10c": lambda: row_of(monthly_data.growth(ctx, month, "M10c"), label),
        "M11s": lambda: row_of(monthly_data.quality_score(ctx, month), label),
    }
    quarter = month.quarter_label(ctx.settings.fiscal_year_start_month)
    sources = {spec.name: spec.source for spec in TILES}
    tracked_rows = {source: tracked(source, load) for source, load in rows.items()}
    tiles = build_tiles(ctx, TILES, tracked_rows, quarter=quarter)
    shown: list[Kpi] = []
    for tile in tiles:
        source = sources[tile.name]
        reason = _why_missing(ctx, month, source) if source in missing else None
        shown.append(
            tile if reason is None else replace(tile, value="—", band=reason[0], caption=reason[1])
        )
    return shown
