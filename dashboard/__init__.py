"""Forecast Desk UI: Streamlit pages and small components. No SQL text, no metric arithmetic."""
