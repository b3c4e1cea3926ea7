"""The global sidebar: language, regions, reps (limited to the chosen regions) and month range.

On the first run of a session the widgets take their values from the URL; after that the widgets
lead and the URL follows, so the address bar always holds the current view and a copied link
opens it again. Every widget has a stable key (the `KEY_*` constants, used by the tests).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from analytics.calendar import add_months, month_label, month_range
from analytics.calendar import today as clock_today
from analytics.store import Store
from dashboard import data
from dashboard.components.filters import QUERY_KEYS, FilterState
from dashboard.i18n import LANG_NAMES, LANGS, Lang, normalize_lang, t
from dashboard.labels import value_label

KEY_LANG = "f_lang"
KEY_REGIONS = "f_region"
KEY_REPS = "f_rep"
KEY_FROM = "f_from"
KEY_TO = "f_to"
KEY_RESET = "f_reset"
_SEEDED = "_f_seeded"
_DEFAULTS = "_f_defaults"


def read_query_params() -> dict[str, list[str]]:
    """The current URL query string as lists of values (repeated keys kept)."""
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def write_query_params(state: FilterState) -> None:
    """Put the filter keys of `state` in the URL, leaving any other key (a page's own) alone."""
    desired = state.to_query()
    current = read_query_params()
    for key in QUERY_KEYS:
        want = desired.get(key)
        want_list = [want] if isinstance(want, str) else list(want or [])
        if current.get(key, []) == want_list:
            continue
        if want_list:
            st.query_params[key] = want_list
        elif key in st.query_params:
            del st.query_params[key]


def current_lang() -> Lang:
    """The language before the sidebar is drawn: the widget's value, else the URL's."""
    if KEY_LANG in st.session_state:
        return normalize_lang(st.session_state[KEY_LANG])
    langs = st.query_params.get_all("lang")
    return normalize_lang(langs[-1] if langs else None)


def _month_options(store: Store, defaults: FilterState, url: FilterState) -> list[str]:
    low, high = data.data_bounds(store, data.store_key(store))
    today = month_label(clock_today())
    candidates_low = [m for m in (defaults.month_from, url.month_from) if m]
    candidates_high = [m for m in (defaults.month_to, url.month_to, today) if m]
    if low is not None:
        candidates_low.append(month_label(low))
    if high is not None:
        candidates_high.append(month_label(high))
    first = min(candidates_low) if candidates_low else today
    last = add_months(max(candidates_high), 12)
    return month_range(first, last)


def _default_anchor(store: Store) -> date:
    """The day the default month range ends at: today, or the last data day if earlier."""
    _, high = data.data_bounds(store, data.store_key(store))
    today = clock_today()
    return min(today, high) if high is not None else today


def _seed(url: FilterState, defaults: FilterState, regions: list[str], reps: list[str]) -> None:
    """First run of a session: widget values from the URL (unknown values dropped)."""
    st.session_state[KEY_LANG] = url.lang
    st.session_state[KEY_REGIONS] = [r for r in url.regions if r in regions]
    st.session_state[KEY_REPS] = [r for r in url.reps if r in reps]
    st.session_state[KEY_FROM] = url.month_from or defaults.month_from
    st.session_state[KEY_TO] = url.month_to or defaults.month_to
    st.session_state[_SEEDED] = True


def _reset() -> None:
    defaults: FilterState = st.session_state.get(_DEFAULTS, FilterState())
    st.session_state[KEY_REGIONS] = []
    st.session_state[KEY_REPS] = []
    st.session_state[KEY_FROM] = defaults.month_from
    st.session_state[KEY_TO] = defaults.month_to


def _rep_label(directory: pd.DataFrame) -> dict[str, str]:
    labels: dict[str, str] = {}
    for rep, name in zip(directory["rep"], directory["name"], strict=True):
        has_name = isinstance(name, str) and name.strip() and name.strip() != rep
        labels[str(rep)] = f"{rep} · {name}" if has_name else str(rep)
    return labels


FILTER_KEYS = (KEY_REGIONS, KEY_REPS, KEY_FROM, KEY_TO)


def _kept_state(lang: Lang) -> FilterState:
    """The filters as they stand, without drawing them (a page they do nothing on).

    Streamlit forgets the value of a widget that a run does not draw; writing each value back
    keeps it for the next page that draws the filters.
    """
    for key in FILTER_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    url = FilterState.from_query(read_query_params())
    state = st.session_state
    return FilterState(
        regions=tuple(state.get(KEY_REGIONS, url.regions)),
        reps=tuple(state.get(KEY_REPS, url.reps)),
        month_from=state.get(KEY_FROM, url.month_from),
        month_to=state.get(KEY_TO, url.month_to),
        lang=lang,
    )


def render_sidebar(store: Store, *, filters: bool = True) -> FilterState:
    """Draw the sidebar filters and return the state they describe (also written to the URL).

    With `filters` false (the Data page, where regions, reps and months change nothing) only
    the language is drawn; the filters keep their values for the other pages.
    """
    if not filters:
        if KEY_LANG not in st.session_state:  # a first visit straight to this page: the URL's
            st.session_state[KEY_LANG] = current_lang()
        lang = normalize_lang(
            st.sidebar.selectbox(
                t("language", current_lang()),
                options=list(LANGS),
                format_func=lambda code: LANG_NAMES[code],
                key=KEY_LANG,
            )
        )
        return _kept_state(lang)
    key = data.store_key(store)
    directory = data.rep_directory(store, key)
    all_regions = sorted({str(r) for r in directory["region"].dropna()})
    all_reps = [str(r) for r in directory["rep"]]
    url = FilterState.from_query(read_query_params())
    defaults = FilterState().with_default_months(
        _default_anchor(store), store.settings.fiscal_year_start_month
    )
    st.session_state[_DEFAULTS] = defaults
    if not st.session_state.get(_SEEDED):
        _seed(url, defaults, all_regions, all_reps)
    months = _month_options(store, defaults, url)

    sb = st.sidebar
    lang = normalize_lang(
        sb.selectbox(
            t("language", current_lang()),
            options=list(LANGS),
            format_func=lambda code: LANG_NAMES[code],
            key=KEY_LANG,
        )
    )
    sb.header(t("filters", lang))
    regions = sb.multiselect(
        t("regions", lang),
        options=all_regions,
        format_func=lambda r: str(value_label(r, lang)),  # 华东 in Chinese (labels.py)
        key=KEY_REGIONS,
        placeholder=t("all_regions", lang),
    )
    in_regions = directory if not regions else directory[directory["region"].isin(regions)]
    rep_options = [str(r) for r in in_regions["rep"]]
    # Reps of a region no longer chosen leave the selection before the widget is drawn.
    chosen = [r for r in st.session_state.get(KEY_REPS, []) if r in rep_options]
    st.session_state[KEY_REPS] = chosen
    labels = _rep_label(directory)
    reps = sb.multiselect(
        t("reps", lang),
        options=rep_options,
        format_func=lambda r: labels.get(r, r),
        key=KEY_REPS,
        placeholder=t("all_reps", lang),
    )
    for widget_key in (KEY_FROM, KEY_TO):
        if st.session_state.get(widget_key) not in months:
            st.session_state[widget_key] = (
                defaults.month_from if widget_key == KEY_FROM else defaults.month_to
            )
    col_from, col_to = sb.columns(2)
    month_from = col_from.selectbox(t("month_from", lang), options=months, key=KEY_FROM)
    month_to = col_to.selectbox(t("month_to", lang), options=months, key=KEY_TO)
    if month_from and month_to and month_from > month_to:
        sb.caption(t("months_swapped", lang))
        month_from, month_to = month_to, month_from
    sb.button(t("reset_filters", lang), key=KEY_RESET, on_click=_reset, width="stretch")
    sb.caption(t("share_view", lang))

    state = FilterState(
        regions=tuple(regions),
        reps=tuple(reps),
        month_from=month_from,
        month_to=month_to,
        lang=lang,
    )
    write_query_params(state)
    return state
