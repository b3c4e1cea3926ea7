"""Results too slow for every page visit, computed once per data version and kept in the store.

The M19 backtests of the Overview and Weekly pages (how often the band held over the last four
quarters, the running quarter's fan) replay the projection at every weekly snapshot: seconds at
10M snapshot rows, where every other request of a page takes tens of milliseconds. Their inputs
change only when the data, the settings, today's date or the code change, so `remembered` keeps
each result in the store's `result_memo` table under

- a key: the function's name and version, its arguments, today's date and the settings, and
- the data version (sql/memo/data_version.sql: every data table's rows and load ids),

and hands it back while all of them are unchanged: to every visitor and after a restart of the
dashboard, not only within one process's page cache. A load, replace or unload changes the data
version, so the next request computes again (and the write deletes what can never be read again).

A store opened read-only, or a write that fails because another writer holds the store, still
gets the computed result; it is only not remembered.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Callable, Sequence
from typing import Any

import duckdb
import pandas as pd

from analytics.calendar import now as clock_now
from analytics.calendar import today as clock_today
from analytics.sql import load_sql
from analytics.store import Store


def data_version(store: Store) -> str | None:
    """The version of the store's data (None: a store without the tables, e.g. a lake's)."""
    cur = store.cursor()
    try:
        row = cur.execute(load_sql("memo/data_version")).fetchone()
    except duckdb.CatalogException:
        return None
    finally:
        cur.close()
    return str(row[0]) if row and row[0] is not None else None


def memo_key(name: str, version: str, args: Sequence[Any], store: Store) -> str:
    """What a result depends on besides the data: function, code version, arguments, today's
    date and the settings (their repr: a frozen dataclass of plain values)."""
    parts = [name, version, repr(tuple(args)), clock_today().isoformat(), repr(store.settings)]
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


def _to_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _from_bytes(payload: bytes) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(payload))


def _read(store: Store, name: str, key: str, version: str) -> pd.DataFrame | None:
    cur = store.cursor()
    try:
        params = {"name": name, "key": key, "data_version": version}
        row = cur.execute(load_sql("memo/get"), params).fetchone()
    except duckdb.CatalogException:  # a store of an older schema opened read-only
        return None
    finally:
        cur.close()
    return _from_bytes(bytes(row[0])) if row else None


def _write(
    store: Store, name: str, key: str, version: str, frame: pd.DataFrame, seconds: float
) -> bool:
    """Remember `frame`; False when the store cannot be written (read-only, busy)."""
    params = {
        "name": name,
        "key": key,
        "data_version": version,
        "payload": _to_bytes(frame),
        "computed_at": clock_now().replace(microsecond=0),
        "seconds": seconds,
    }
    try:
        with store.transaction() as cur:
            cur.execute(load_sql("memo/prune"), {"data_version": version})
            cur.execute(load_sql("memo/put"), params)
    except (duckdb.InvalidInputException, duckdb.TransactionException, duckdb.CatalogException):
        return False  # read-only store, a concurrent writer, or an older schema: not remembered
    return True


def remembered(
    store: Store,
    name: str,
    version: str,
    args: Sequence[Any],
    compute: Callable[[], pd.DataFrame],
) -> pd.DataFrame:
    """`compute()`, or the result it gave for the same key and data version.

    `version` is the function's own: bump it when what the function returns changes.
    """
    current = data_version(store)
    if current is None:
        return compute()
    key = memo_key(name, version, args, store)
    found = _read(store, name, key, current)
    if found is not None:
        return found
    started = time.perf_counter()
    frame = compute()
    _write(store, name, key, current, frame, time.perf_counter() - started)
    return frame


def forget(store: Store) -> None:
    """Delete every remembered result (as if the data had just changed)."""
    with store.transaction() as cur:
        cur.execute(load_sql("memo/forget"))


__all__ = ["data_version", "forget", "memo_key", "remembered"]
