"""Drill-down: the deal or order rows behind a number, in an expander, downloadable as CSV.

A page hands over a loader (a function returning the rows, usually a cached analytics call);
the rows are fetched when the page runs, from the cache after the first time. A loader that
raises an analytics message (ForecastDeskError) shows it instead of failing. Titles and
captions may name a rep: they are shown as plain text (escaped for Streamlit's markdown).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.components import empty
from dashboard.components.tables import escape_markdown, show_table
from dashboard.context import PageContext


@dataclass(frozen=True)
class Drill:
    """One drill-down: a title (already translated), a loader and a stable key."""

    title: str
    load: Callable[[], pd.DataFrame]
    key: str
    caption: str | None = None


def _show(ctx: PageContext, drill: Drill) -> None:
    frame = empty.guarded(ctx, drill.title, drill.load)
    if frame is None:
        return
    if drill.caption:
        st.caption(escape_markdown(drill.caption))
    show_table(frame, key=drill.key, file_name=drill.key, lang=ctx.lang, title=drill.title)


def drill_expander(ctx: PageContext, drill: Drill, *, expanded: bool = False) -> None:
    """One drill-down in its own expander."""
    with st.expander(escape_markdown(drill.title), expanded=expanded, icon=":material/table_rows:"):
        _show(ctx, drill)


def drill_tabs(ctx: PageContext, drills: Sequence[Drill], *, title: str | None = None) -> None:
    """Several drill-downs in one expander, a tab each (the deals behind a row of tiles)."""
    if not drills:
        return
    with st.expander(title or ctx.t("show_deals"), icon=":material/table_rows:"):
        tabs = st.tabs([escape_markdown(d.title) for d in drills])
        for tab, drill in zip(tabs, drills, strict=True):
            with tab:
                _show(ctx, drill)
