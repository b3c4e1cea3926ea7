"""Forecast Desk dashboard entry point: `streamlit run streamlit_app.py`."""

from dashboard.app import main

main()
