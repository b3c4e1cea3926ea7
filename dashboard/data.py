"""The cache layer between pages and analytics: the one store of the process and cached frames.

`get_store()` opens the database named by FORECAST_DESK_DB (default data/forecast.duckdb) once
per process with `st.cache_resource`; with no database file it builds the demo data first.
Every other function is an `st.cache_data` wrapper keyed by hashable values (the store path, a
metric id, a frozen MetricQuery); the store itself is passed as `_store` and never hashed, or,
for `cached(analytics_function)`, hashed by its path.
`clear_caches()` must run after every load, unload or settings change.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

import pandas as pd
import streamlit as st

from analytics import metrics
from analytics.demo import build_demo
from analytics.ingest import FilePreview, preview_file
from analytics.metrics.base import MetricQuery
from analytics.store import DATA_TABLES, Store, default_db_path
from dashboard import uploads

P = ParamSpec("P")
R = TypeVar("R")


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Store:
    existed = Path(path).exists()
    store = Store(path)
    if not existed:
        build_demo(store)
    return store


def db_path() -> str:
    return str(default_db_path())


def store_needs_demo() -> bool:
    """True when opening the store will build the demo first (worth a spinner)."""
    return not Path(db_path()).exists()


def get_store() -> Store:
    """The one store of the process (built with the demo data when there is no file)."""
    return _open(db_path())


def store_key(store: Store) -> str:
    """The cache key of a store: its path (one store per path and process)."""
    return store.path


def clear_caches() -> None:
    """Forget every cached frame; call after a load, an unload or a settings change."""
    st.cache_data.clear()


# -- metrics and analytics functions ---------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=512)
def metric_frame(_store: Store, key: str, metric_id: str, query: MetricQuery) -> pd.DataFrame:
    """The standard output of a metric (metric, period, scope, value, numerator, denominator …)."""
    return metrics.get_metric(metric_id).compute(_store, query)


@functools.cache
def cached(func: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """`func` (an analytics function taking the store first) cached by its arguments.

    The store is hashed by its path (`store_key`); the other arguments by value. One wrapper
    per function, so every page shares its cache.
    """
    wrapper = st.cache_data(show_spinner=False, max_entries=256, hash_funcs={Store: store_key})
    return wrapper(func)  # type: ignore[return-value]


@st.cache_data(show_spinner=False, max_entries=8)
def file_preview(
    _store: Store,
    key: str,
    table: str,
    path: str,
    digest: str,
    snapshot_date: date | None,
    file_name: str,
    encoding: str | None = None,
    column_map: tuple[tuple[str, str], ...] = (),
) -> FilePreview:
    """analytics.ingest.preview_file, cached by the file's content digest (reruns are cheap)."""
    return preview_file(
        _store,
        table,
        Path(path),
        snapshot_date=snapshot_date,
        file_name=file_name,
        encoding=encoding,
        column_map=dict(column_map),
    )


@st.cache_data(show_spinner=False, max_entries=8)
def file_check(
    _store: Store,
    key: str,
    table: str,
    path: str,
    digest: str,
    snapshot_date: date | None,
    file_name: str,
    encoding: str | None = None,
    column_map: tuple[tuple[str, str], ...] = (),
    stages: tuple[tuple[str, float], ...] = (),
) -> uploads.UploadOutcome:
    """dashboard.uploads.check_upload (every check of a load, nothing written), cached by the
    file's content digest and the load options; cleared with the other caches after a load."""
    return uploads.check_upload(
        _store,
        table,
        Path(path),
        file_name=file_name,
        snapshot_date=snapshot_date,
        encoding=encoding,
        column_map=dict(column_map) or None,
        stages=dict(stages) or None,
    )


# -- dimensions and tables ----------------------------------------------------------------------
@st.cache_data(show_spinner=False)
def rep_directory(_store: Store, key: str) -> pd.DataFrame:
    """Every known rep with name and region (the rep_dim view), sorted by region then rep."""
    cur = _store.cursor()
    try:
        frame = cur.table("rep_dim").df()
    finally:
        cur.close()
    frame = frame[["rep", "name", "region"]].copy()
    return frame.sort_values(["region", "rep"], kind="stable").reset_index(drop=True)


@st.cache_data(show_spinner=False)
def data_bounds(_store: Store, key: str) -> tuple[date | None, date | None]:
    """The first and last day with bookings or snapshots, for the month picker."""
    lows: list[date] = []
    highs: list[date] = []
    cur = _store.cursor()
    try:
        for table, column in (("bookings", "booked_date"), ("snapshots", "snapshot_date")):
            rel = cur.table(table)
            lo = rel.min(column).fetchall()[0][0]
            hi = rel.max(column).fetchall()[0][0]
            if lo is not None:
                lows.append(lo)
            if hi is not None:
                highs.append(hi)
    finally:
        cur.close()
    return (min(lows) if lows else None, max(highs) if highs else None)


@st.cache_data(show_spinner=False)
def table_counts(_store: Store, key: str) -> dict[str, int]:
    return _store.table_counts()


def is_empty(store: Store) -> bool:
    """No data rows in any table: pages show what to load instead of numbers."""
    counts = table_counts(store, store_key(store))
    return not any(counts.get(t, 0) for t in DATA_TABLES)


def table_frame(store: Store, table: str) -> pd.DataFrame:
    """A whole data table (for CSV download); table must be one of DATA_TABLES."""
    if table not in DATA_TABLES:
        raise ValueError(f"unknown table {table}")
    cur = store.cursor()
    try:
        return cur.table(table).df()
    finally:
        cur.close()
