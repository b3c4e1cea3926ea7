"""What a page needs, in one frozen value: the store, the filter state, the language, the caches.

The app shell (dashboard/app.py) builds a PageContext on every run, after the sidebar, and keeps
it in the session; a page calls `get_context()` first thing in its `render()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Concatenate, ParamSpec, TypeVar

import pandas as pd
import streamlit as st

from analytics.metrics.base import Grain, MetricQuery, Scope
from analytics.settings import Settings
from analytics.store import Store
from dashboard import data
from dashboard.components.filters import FilterState
from dashboard.i18n import Lang, fmt_money, fmt_number, fmt_pct, setting_values, t
from dashboard.labels import value_label

CONTEXT_KEY = "_forecast_desk_context"
P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class PageContext:
    """The store of the process, the sidebar filters and the language of this run."""

    store: Store
    filters: FilterState

    @property
    def lang(self) -> Lang:
        return self.filters.lang

    @property
    def key(self) -> str:
        """The cache key of the store (see dashboard/data.py)."""
        return data.store_key(self.store)

    @property
    def settings(self) -> Settings:
        return self.store.settings

    @property
    def currency(self) -> str:
        return self.store.settings.currency_label

    # -- texts and formats -------------------------------------------------------------------
    @cached_property
    def setting_values(self) -> dict[str, str]:
        """The settings placeholders of the texts ({m1_low}, {deadline_time} …), in this language."""
        return setting_values(self.settings, self.lang)

    def t(self, key: str, **values: object) -> str:
        """The text of `key`; a value that is a region or a stored word (`region="East"`,
        `category="commit"`) is filled in by its display name (dashboard/labels.py)."""
        shown = {k: value_label(v, self.lang) for k, v in values.items()}
        return t(key, self.lang, **{**self.setting_values, **shown})

    def money(self, value: float | None, *, compact: bool = True, markdown: bool = False) -> str:
        """An amount; `markdown=True` for st.markdown/caption/warning text (escapes a `$`)."""
        return fmt_money(value, self.lang, self.currency, compact=compact, markdown=markdown)

    def pct(self, value: float | None, digits: int = 1) -> str:
        return fmt_pct(value, self.lang, digits)

    def number(self, value: float | None, digits: int = 0) -> str:
        return fmt_number(value, self.lang, digits)

    # -- analytics (cached) ------------------------------------------------------------------
    def query(
        self,
        *,
        by: Scope = "company",
        grain: Grain = "month",
        date_from: date | None = None,
        date_to: date | None = None,
        as_of: date | None = None,
        s0: date | None = None,
        s1: date | None = None,
    ) -> MetricQuery:
        """A MetricQuery with the sidebar filters; dates default to the month range."""
        return self.filters.metric_query(
            by=by, grain=grain, date_from=date_from, date_to=date_to, as_of=as_of, s0=s0, s1=s1
        )

    def metric(self, metric_id: str, query: MetricQuery) -> pd.DataFrame:
        """A metric's frame, cached by the store path, the metric id and the query."""
        return data.metric_frame(self.store, self.key, metric_id, query)

    def call(
        self, func: Callable[Concatenate[Store, P], R], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """`func(store, *args, **kwargs)`, an analytics function, cached (see data.cached)."""
        return data.cached(func)(self.store, *args, **kwargs)

    def is_empty(self) -> bool:
        return data.is_empty(self.store)


def set_context(ctx: PageContext) -> None:
    st.session_state[CONTEXT_KEY] = ctx


def get_context() -> PageContext:
    """The context the shell built for this run; without the shell, one from the URL alone."""
    ctx = st.session_state.get(CONTEXT_KEY)
    if isinstance(ctx, PageContext):
        return ctx
    from dashboard.components.sidebar import read_query_params

    filters = FilterState.from_query(read_query_params())
    ctx = PageContext(store=data.get_store(), filters=filters)
    set_context(ctx)
    return ctx
