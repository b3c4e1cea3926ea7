"""Empty states: an empty store or an empty filter result says what to load or change, never an error."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from analytics.errors import ForecastDeskError
from dashboard.components.tables import escape_markdown
from dashboard.context import PageContext

T = TypeVar("T")


def empty_store(ctx: PageContext) -> None:
    """The database holds no data: point to the Data page and the sample files."""
    st.info(
        f"**{ctx.t('empty_store_title')}**  \n{ctx.t('empty_store_body')}",
        icon=":material/upload_file:",
    )
    st.page_link("dashboard/pages/data.py", label=ctx.t("go_to_data"), icon=":material/database:")


def empty_filter(ctx: PageContext, what_key: str = "empty_what_data") -> None:
    """The filters select nothing: say which filters to change."""
    st.info(
        f"**{ctx.t('empty_filter_title')}**  \n{ctx.t('empty_filter_body', what=ctx.t(what_key))}",
        icon=":material/filter_alt_off:",
    )


def metric_failed(ctx: PageContext, metric: str, exc: Exception) -> None:
    """A metric that raised a message meant for people (ForecastDeskError)."""
    st.warning(ctx.t("metric_failed", metric=metric, message=escape_markdown(str(exc))))


def guarded(ctx: PageContext, what: str, load: Callable[[], T]) -> T | None:
    """The loader's result; an analytics message (ForecastDeskError) is shown instead, as None."""
    try:
        return load()
    except ForecastDeskError as exc:
        metric_failed(ctx, what, exc)
    return None
