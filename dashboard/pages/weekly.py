"""Weekly commit call page (M1, M1h, M2, M3, M4, M5, M6, M14) — placeholder until the page is built.

See dashboard/app.py for how a page gets the store, the filters, the language and the caches.
"""

from __future__ import annotations

import streamlit as st

from dashboard.context import get_context


def render() -> None:
    ctx = get_context()
    st.title(ctx.t("page_weekly"))
    st.info(ctx.t("page_coming"), icon=":material/construction:")


if __name__ == "__main__":
    render()
