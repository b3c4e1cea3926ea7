"""Forecast Desk analytics: everything that is not UI (store, ingest, calendar, metrics, CLI).

This package never imports streamlit (tests/test_import_hygiene.py proves it).
"""

__version__ = "0.1.0"
