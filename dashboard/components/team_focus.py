"""The Team page's rep picker, kept in the URL as `focus=<rep id>`.

On a run where the selectbox has no valid value (first visit, a shared link, a filter that
removed the rep) it takes the URL's rep when that is one of the options, else the default: the
first rep chosen in the sidebar, else the first option. Afterwards the widget leads and the URL
follows; the sidebar leaves the key alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard.i18n import t

KEY_FOCUS = "tm_focus"
URL_FOCUS = "focus"


def rep_label(rep: str, name: object) -> str:
    """'Name (rep)' when the rep has a name other than its id, else the id."""
    if isinstance(name, str) and name.strip() and name.strip() != rep:
        return f"{name.strip()} ({rep})"
    return rep


def default_focus(options: Sequence[str], sidebar_reps: Sequence[str]) -> str | None:
    """The first sidebar rep that is an option, else the first option, else None."""
    for rep in sidebar_reps:
        if rep in options:
            return rep
    return options[0] if options else None


def focus_from(url_value: str | None, current: object, options: Sequence[str], default: str) -> str:
    """The widget's value if valid, else the URL's if valid, else the default."""
    if isinstance(current, str) and current in options:
        return current
    if url_value is not None and url_value in options:
        return url_value
    return default


def seed_focus(options: Sequence[str], sidebar_reps: Sequence[str]) -> str | None:
    """Give the selectbox its value for this run (before anything above it is drawn)."""
    default = default_focus(options, sidebar_reps)
    if default is None:
        return None
    values = st.query_params.get_all(URL_FOCUS)
    rep = focus_from(
        values[-1] if values else None, st.session_state.get(KEY_FOCUS), options, default
    )
    st.session_state[KEY_FOCUS] = rep
    return rep


def render_focus(
    options: Sequence[str], labels: Mapping[str, str], sidebar_reps: Sequence[str], lang: str
) -> str | None:
    """Draw the rep selectbox; None when there is no rep to pick."""
    if seed_focus(options, sidebar_reps) is None:
        return None
    rep: str = st.selectbox(
        t("tm_focus", lang),
        options=list(options),
        format_func=lambda r: labels.get(r, r),
        key=KEY_FOCUS,
        help=t("tm_focus_help", lang),
    )
    if st.query_params.get_all(URL_FOCUS) != [rep]:
        st.query_params[URL_FOCUS] = rep
    return rep
