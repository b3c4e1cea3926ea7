"""How much memory DuckDB may use while a file loads.

A load holds the file's cells in temporary tables (as text, then parsed) until the transaction
commits. DuckDB's default memory limit is 80% of the machine's memory, so a 1 GB file would
keep several gigabytes resident; under a cap DuckDB spills those tables to its temporary
directory (beside the database file: `<db>.tmp`) at little cost in time. The cap applies for
the duration of one load, never raises a lower limit that is already set, and leaves in-memory
stores (whose tables live in memory anyway) alone.

`FORECAST_DESK_LOAD_MEMORY` (e.g. `4GB`) changes the cap; the default is LOAD_MEMORY_LIMIT.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from analytics.errors import UsageError
from analytics.sql import load_sql
from analytics.store import Store

LOAD_MEMORY_LIMIT = "1GB"
# DuckDB's CSV reader alone takes 64 MB buffers per thread (16 x the 4 MB line limit).
MIN_LOAD_MEMORY = 256 * 1000**2
ENV_VAR = "FORECAST_DESK_LOAD_MEMORY"
_UNITS = {
    "": 1,
    "b": 1,
    "byte": 1,
    "bytes": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "tb": 1000**4,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$")


def parse_size(text: str) -> int | None:
    """Bytes of a size as DuckDB writes or reads it ('953.6 MiB', '1GB'); None if not a size."""
    match = _SIZE.match(text)
    if not match or match.group(2).lower() not in _UNITS:
        return None
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def load_limit() -> str:
    """The cap for loads: FORECAST_DESK_LOAD_MEMORY, else LOAD_MEMORY_LIMIT."""
    value = os.environ.get(ENV_VAR, "").strip() or LOAD_MEMORY_LIMIT
    size = parse_size(value)
    if size is None:
        raise UsageError(f"{ENV_VAR}={value!r} is not a memory size: write e.g. 1GB or 4GB")
    if size < MIN_LOAD_MEMORY:
        raise UsageError(f"{ENV_VAR}={value!r} is too small: a load needs at least 256MB")
    return value


@contextmanager
def capped_memory(store: Store) -> Iterator[None]:
    """DuckDB's memory limit lowered to the load cap while the block runs, then restored.

    Call it inside the load's transaction, which serializes writers: the limit is a setting of
    the whole database, so two loads must not overlap their set and restore. It runs on a cursor
    of its own, because a failed statement leaves the load's transaction unusable.
    """
    limit = load_limit()
    if store.path == ":memory:":
        yield  # an in-memory store keeps its tables in memory anyway
        return
    cur = store.cursor()
    try:
        row = cur.execute(load_sql("ingest/memory/get")).fetchone()
        before = str(row[0]) if row else ""
        before_bytes = parse_size(before)
        limit_bytes = parse_size(limit)
        if before_bytes is not None and limit_bytes is not None and before_bytes <= limit_bytes:
            yield
            return
        cur.execute(load_sql("ingest/memory/set"), {"memory_limit": limit})
        try:
            yield
        finally:
            _restore(cur, before)
    finally:
        cur.close()


def _restore(cur: duckdb.DuckDBPyConnection, before: str) -> None:
    """The limit as it was: the default exactly (RESET), another value as DuckDB printed it."""
    cur.execute(load_sql("ingest/memory/reset"))
    row = cur.execute(load_sql("ingest/memory/get")).fetchone()
    if row and str(row[0]) != before:
        cur.execute(load_sql("ingest/memory/set"), {"memory_limit": before})
