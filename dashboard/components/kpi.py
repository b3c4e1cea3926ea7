"""KPI tiles: a number, its band name as a coloured badge, a coloured edge and a short caption.

Labels and captions are plain text (they may name a rep or a region, or hold a `$` amount):
they are escaped for Streamlit's markdown. The help tooltip is the page's own text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pandas as pd
import streamlit as st

from analytics.errors import ForecastDeskError
from analytics.settings import Thresholds
from dashboard.components.bands import (
    BADGE_COLORS,
    IN_PROGRESS,
    LINE_COLORS,
    STATE_BANDS,
    UNAVAILABLE,
    Band,
    band_for,
    status_of,
)
from dashboard.components.tables import escape_markdown
from dashboard.i18n import t

if TYPE_CHECKING:
    from dashboard.context import PageContext

_CSS = "\n".join(
    f'div[class*="st-key-kpi-{level}-"] {{ border-left: 5px solid {color} !important; }}'
    for level, color in LINE_COLORS.items()
) + (
    # Long labels wrap instead of being cut off with an ellipsis in narrow tiles.
    '\ndiv[class*="st-key-kpi-"] [data-testid="stMetricLabel"] *'
    " { white-space: normal !important; overflow: visible !important;"
    " text-overflow: clip !important; }"
)


@dataclass(frozen=True)
class Kpi:
    """One tile: `name` is a stable id (used in the widget key), `value` already formatted."""

    name: str
    label: str
    value: str
    band: Band
    help: str | None = None
    caption: str | None = None


Fmt = Literal["pct", "pct0", "number", "number1", "number2", "money", "per_day", "text"]
Row = pd.Series | None
BandRule = Callable[[Row, float | None, Thresholds, str | None], Band]


@dataclass(frozen=True)
class TileSpec:
    """One KPI tile, declared: its row, its value column and format, its band and its caption.

    `source` names the row loader the page hands to `build_tiles`; `label`, `help` and `caption`
    are text keys (label and caption are filled with the page's `texts` and, for the caption,
    the `fields`: placeholder, column of the row, format). The band is `band_for(metric, value,
    status)` with the row's `status` column unless a `band` rule is given. `no_row` is the
    caption's text key when the row is missing; `describe` writes a caption the keys cannot.
    """

    name: str
    metric: str
    label: str
    help: str | None = None
    source: str = "row"
    value: str = "value"
    fmt: Fmt = "pct"
    caption: str | None = None
    fields: tuple[tuple[str, str, Fmt], ...] = ()
    status: str | None = "status"
    band: BandRule | None = None
    no_row: str | None = None
    describe: Callable[[PageContext, Row, Mapping[str, object]], str] | None = None


def cell(row: Row, column: str) -> float | None:
    """A number of a metric row, None when the row, the column or the value is missing."""
    if row is None or column not in row.index:
        return None
    value = row[column]
    if value is None or pd.isna(value):
        return None
    return float(value)


def row_of(frame: pd.DataFrame | None, period: str | None = None) -> Row:
    """The row whose `period` label is `period` (the first row when None), None when absent."""
    if frame is None or frame.empty:
        return None
    if period is not None and "period" in frame.columns:
        frame = frame[frame["period"].astype(str) == period]
        if frame.empty:
            return None
    return frame.iloc[0]


def formatted(ctx: PageContext, fmt: Fmt, row: Row, column: str) -> str:
    """A row's value in one of the tile formats."""
    if fmt == "text":
        value = None if row is None or column not in row.index else row[column]
        return value if isinstance(value, str) and value else ctx.t("unavailable")
    number = cell(row, column)
    if fmt in ("pct", "pct0"):
        return ctx.pct(number, 0 if fmt == "pct0" else 1)
    if fmt == "money":
        return ctx.money(number)
    if fmt == "per_day":
        amount = ctx.money(number)
        return ctx.t("tm_per_day", amount=amount) if number is not None else ctx.t("unavailable")
    return ctx.number(number, int(fmt[-1]) if fmt[-1].isdigit() else 0)


def _tile(ctx: PageContext, spec: TileSpec, row: Row, label: str, texts: dict[str, object]) -> Kpi:
    value = None if spec.fmt == "text" else cell(row, spec.value)
    status = status_of(row, spec.status) if spec.status else None
    th = ctx.settings.thresholds
    band = (
        spec.band(row, value, th, status) if spec.band else band_for(spec.metric, value, th, status)
    )
    if spec.describe is not None:
        caption: str | None = spec.describe(ctx, row, texts)
    elif row is None and spec.no_row:
        caption = ctx.t(spec.no_row)
    elif spec.caption:
        values = {name: formatted(ctx, fmt, row, column) for name, column, fmt in spec.fields}
        caption = ctx.t(spec.caption, **{**texts, **values})
    else:
        caption = None
    help_text = ctx.t(spec.help) if spec.help else None
    shown = formatted(ctx, spec.fmt, row, spec.value)
    return Kpi(spec.name, label, shown, band, help_text, caption)


def build_tiles(
    ctx: PageContext,
    specs: Sequence[TileSpec],
    rows: Mapping[str, Callable[[], Row]],
    **texts: object,
) -> list[Kpi]:
    """The tiles of `specs`, each from the row its source loads; a failing one shows 'n/a' and why."""
    tiles: list[Kpi] = []
    for spec in specs:
        label = ctx.t(spec.label, **texts)
        try:
            tiles.append(_tile(ctx, spec, rows[spec.source](), label, texts))
        except ForecastDeskError as exc:
            help_text = ctx.t(spec.help) if spec.help else None
            tiles.append(
                Kpi(spec.name, label, ctx.t("unavailable"), UNAVAILABLE, help_text, str(exc))
            )
    return tiles


def inject_css() -> None:
    """The coloured left edge of the tiles (one style block per run)."""
    st.html(f"<style>{_CSS}</style>")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")


def kpi_tile(kpi: Kpi, lang: str) -> None:
    """Draw one tile in a bordered container whose key carries the band level (for the colour)."""
    with st.container(border=True, key=f"kpi-{kpi.band.level}-{_slug(kpi.name)}"):
        # A period not ended or a submission not yet due shows no number; the badge says why.
        waiting = kpi.band in STATE_BANDS.values()
        value = "—" if waiting else kpi.value
        st.metric(escape_markdown(kpi.label), value, help=kpi.help)
        st.badge(t(kpi.band.name_key, lang), color=BADGE_COLORS[kpi.band.level])  # type: ignore[arg-type]
        if kpi.caption:
            running = kpi.band == IN_PROGRESS
            caption = t("so_far", lang, text=kpi.caption) if running else kpi.caption
            st.caption(escape_markdown(caption))


def kpi_row(kpis: Sequence[Kpi], lang: str, per_row: int = 4) -> None:
    """Tiles in rows of `per_row` columns."""
    for start in range(0, len(kpis), per_row):
        columns = st.columns(per_row)
        for column, kpi in zip(columns, kpis[start : start + per_row], strict=False):
            with column:
                kpi_tile(kpi, lang)
