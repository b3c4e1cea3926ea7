"""The Pipeline page's own picks (as-of snapshot, comparison snapshot, close-date window), kept in the URL.

`?s1=2026-03-02&s0=2026-02-02&win=FY2026-Q1` opens the same view. The pure helpers (options,
defaults, parsing) are unit-tested; `render_picks()` draws the three selectboxes. On a run where a
widget has no valid value yet (first visit, a shared link, data changed) it takes the URL's value
when that is one of the options, else the default; afterwards the widgets lead and the URL follows.
The sidebar leaves these keys alone (dashboard/app.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

import streamlit as st

from analytics.calendar import (
    add_months,
    fiscal_quarter_label,
    fiscal_quarter_start,
    month_end,
    month_label,
    month_start,
)
from dashboard.i18n import t
from dashboard.labels import value_label

KEY_S1 = "pl_s1"
KEY_S0 = "pl_s0"
KEY_WINDOW = "pl_win"
URL_S1 = "s1"
URL_S0 = "s0"
URL_WINDOW = "win"
COMPARE_DAYS = 28  # the default comparison: the snapshot four weeks before the as-of one
QUARTERS_AHEAD = 2  # windows offered beyond the quarter of the latest snapshot

T = TypeVar("T")


@dataclass(frozen=True)
class Window:
    """A close-date window: a fiscal quarter (key 'FY2026-Q1') or a month (key '2026-02')."""

    key: str
    kind: str  # "quarter" or "month"
    start: date
    end: date

    def label(self, lang: str) -> str:
        if self.kind == "quarter":
            return t(
                "pl_window_quarter",
                lang,
                label=value_label(self.key, lang),  # 2026财年第1季度 in Chinese
                first=month_label(self.start),
                last=month_label(self.end),
            )
        return t("pl_window_month", lang, label=self.key)

    def short(self) -> str:
        """'FY2026-Q1' or '2026-02', for chart titles."""
        return self.key


@dataclass(frozen=True)
class Picks:
    """What the page shows: s1 (as of), s0 (None when s1 is the first snapshot), the window."""

    s1: date
    s0: date | None
    window: Window
    only_snapshot: bool = False


def quarter_window(d: date, m0: int) -> Window:
    start = fiscal_quarter_start(d, m0)
    end = month_end(add_months(month_label(start), 2))
    return Window(fiscal_quarter_label(d, m0), "quarter", start, end)


def month_window(month: str) -> Window:
    return Window(month, "month", month_start(month), month_end(month))


def window_options(snapshots: Sequence[date], m0: int) -> list[Window]:
    """Fiscal quarters from the first snapshot's to two past the latest's, then their months."""
    if not snapshots:
        return []
    first = fiscal_quarter_start(min(snapshots), m0)
    last = fiscal_quarter_start(max(snapshots), m0)
    quarters: list[Window] = []
    current = first
    stop = month_start(add_months(month_label(last), 3 * QUARTERS_AHEAD))
    while current <= stop:
        quarters.append(quarter_window(current, m0))
        current = month_start(add_months(month_label(current), 3))
    months = [month_window(add_months(month_label(first), i)) for i in range(3 * len(quarters))]
    return quarters + months


def default_s0(snapshots: Sequence[date], s1: date) -> date | None:
    """The latest snapshot at least four weeks before s1; else the earliest before s1; else None."""
    earlier = sorted(d for d in snapshots if d < s1)
    if not earlier:
        return None
    far_enough = [d for d in earlier if d <= s1 - timedelta(days=COMPARE_DAYS)]
    return far_enough[-1] if far_enough else earlier[0]


def parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def from_url(
    url_value: str | None, options: Sequence[T], parse: Callable[[str | None], T | None]
) -> T | None:
    """The URL's value when it parses to one of the options, else None."""
    value = parse(url_value)
    return value if value is not None and value in options else None


def _url_value(key: str) -> str | None:
    values = st.query_params.get_all(key)
    return values[-1] if values else None


def _seed(
    widget_key: str,
    url_key: str,
    options: Sequence[T],
    parse: Callable[[str | None], T | None],
    default: T,
) -> None:
    """Give the widget a valid value before it is drawn: its own, else the URL's, else the default."""
    if st.session_state.get(widget_key) in options:
        return
    st.session_state[widget_key] = from_url(_url_value(url_key), options, parse) or default


def _write_url(url_key: str, value: str | None) -> None:
    if value is None:
        if url_key in st.query_params:
            del st.query_params[url_key]
    elif _url_value(url_key) != value:
        st.query_params[url_key] = value


def render_picks(snapshots: Sequence[date], m0: int, lang: str) -> Picks:
    """Draw the three pickers (snapshots newest first) and return the picks; needs a snapshot."""
    newest_first = sorted(snapshots, reverse=True)
    left, middle, right = st.columns(3)
    _seed(KEY_S1, URL_S1, newest_first, parse_date, newest_first[0])
    with left:
        s1: date = st.selectbox(
            t("pl_pick_s1", lang),
            options=newest_first,
            format_func=date.isoformat,
            key=KEY_S1,
            help=t("pl_help_s1", lang),
        )
    earlier = [d for d in newest_first if d < s1]
    s0: date | None = None
    with middle:
        fallback = default_s0(snapshots, s1)
        if earlier and fallback is not None:
            _seed(KEY_S0, URL_S0, earlier, parse_date, fallback)
            s0 = st.selectbox(
                t("pl_pick_s0", lang),
                options=earlier,
                format_func=date.isoformat,
                key=KEY_S0,
                help=t("pl_help_s0", lang),
            )
    windows = window_options(snapshots, m0)
    by_key = {w.key: w for w in windows}
    default_window = quarter_window(s1, m0).key
    with right:
        _seed(KEY_WINDOW, URL_WINDOW, list(by_key), lambda v: v, default_window)
        window_key: str = st.selectbox(
            t("pl_pick_window", lang),
            options=list(by_key),
            format_func=lambda k: by_key[k].label(lang),
            key=KEY_WINDOW,
            help=t("pl_help_window", lang),
        )
    _write_url(URL_S1, s1.isoformat())
    _write_url(URL_S0, s0.isoformat() if s0 else None)
    _write_url(URL_WINDOW, window_key)
    return Picks(s1=s1, s0=s0, window=by_key[window_key], only_snapshot=len(newest_first) == 1)
