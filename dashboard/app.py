"""Page navigation, global filters and the one store of the process (placeholder)."""

from __future__ import annotations

import streamlit as st


def main() -> None:
    st.set_page_config(page_title="Forecast Desk", layout="wide")
    st.title("Forecast Desk")
    st.write("The dashboard pages are being built.")
