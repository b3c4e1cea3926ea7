"""Monthly forecast review page (M7, M8, M9, M10, M11, M14m) — placeholder until the page is built.

See dashboard/app.py for how a page gets the store, the filters, the language and the caches.
"""

from __future__ import annotations

import streamlit as st

from dashboard.context import get_context


def render() -> None:
    ctx = get_context()
    st.title(ctx.t("page_monthly"))
    st.info(ctx.t("page_coming"), icon=":material/construction:")


if __name__ == "__main__":
    render()
