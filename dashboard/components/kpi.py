"""KPI tiles: a number, its band name as a coloured badge, a coloured edge and a short caption.

Labels and captions are plain text (they may name a rep or a region, or hold a `$` amount):
they are escaped for Streamlit's markdown. The help tooltip is the page's own text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from analytics.errors import ForecastDeskError
from dashboard.components.bands import (
    BADGE_COLORS,
    IN_PROGRESS,
    LINE_COLORS,
    STATE_BANDS,
    UNAVAILABLE,
    Band,
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


def tile_or_unavailable(
    ctx: PageContext, name: str, label: str, help_text: str, make: Callable[[], Kpi]
) -> Kpi:
    """The tile `make` builds, or an 'n/a' tile saying why when its analytics fails."""
    try:
        return make()
    except ForecastDeskError as exc:
        return Kpi(name, label, ctx.t("unavailable"), UNAVAILABLE, help_text, str(exc))


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
