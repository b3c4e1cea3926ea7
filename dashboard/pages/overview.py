"""Overview page (executive): attainment, accuracy, linearity, pipeline — being built."""

from __future__ import annotations

import streamlit as st

from dashboard.context import get_context


def render() -> None:
    ctx = get_context()
    st.title(ctx.t("overview_title"))
    st.info(ctx.t("page_coming"), icon=":material/construction:")


if __name__ == "__main__":
    render()
