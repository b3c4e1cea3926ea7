"""The load log: every load is recorded (table, file, content hash, rows, when) and can be removed.

Removing a load deletes exactly the rows that carry its load_id, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pandas as pd

from analytics.calendar import now as clock_now
from analytics.errors import UsageError
from analytics.sql import load_sql
from analytics.store import DATA_TABLES, Store


@dataclass(frozen=True)
class LoadRecord:
    """One row of the load log."""

    load_id: int
    table_name: str
    file_name: str
    content_hash: str
    rows: int
    loaded_at: datetime
    snapshot_date: date | None
    notes: str | None


def next_load_id(cur: duckdb.DuckDBPyConnection) -> int:
    row = cur.execute(load_sql("loads/next_id")).fetchone()
    assert row is not None
    return int(row[0])


def record_load(
    cur: duckdb.DuckDBPyConnection,
    *,
    load_id: int,
    table_name: str,
    file_name: str,
    content_hash: str,
    rows: int,
    snapshot_date: date | None = None,
    notes: str | None = None,
) -> None:
    """Write the log row inside the caller's transaction (so it commits with the data)."""
    cur.execute(
        load_sql("loads/record"),
        {
            "load_id": load_id,
            "table_name": table_name,
            "file_name": file_name,
            "content_hash": content_hash,
            "rows": rows,
            "snapshot_date": snapshot_date,
            "notes": notes,
            "loaded_at": clock_now(),
        },
    )


def list_loads(store: Store) -> pd.DataFrame:
    """The load log, oldest first."""
    return store.df("loads/list")


def get_load(store: Store, load_id: int) -> LoadRecord | None:
    rows = store.rows("loads/get", {"load_id": load_id})
    return LoadRecord(*rows[0]) if rows else None


def delete_load_rows(cur: duckdb.DuckDBPyConnection, load_id: int) -> None:
    """Delete every row a load brought (inside the caller's transaction).

    A rep the load derived from snapshot rows stays while rows of other loads still name it
    (sql/loads/keep_derived_reps.sql hands it to the earliest of those loads).
    """
    cur.execute(load_sql("loads/keep_derived_reps"), {"load_id": load_id})
    for table in DATA_TABLES:
        # table comes from the fixed DATA_TABLES allow-list; the id is bound.
        cur.execute(f"DELETE FROM {table} WHERE load_id = $load_id", {"load_id": load_id})  # noqa: S608
    cur.execute(load_sql("loads/delete"), {"load_id": load_id})


def unload(store: Store, load_id: int) -> LoadRecord:
    """Remove one load and everything it brought; raises UsageError for an unknown id."""
    record = get_load(store, load_id)
    if record is None:
        raise UsageError(f"There is no load with id {load_id}; `forecast-desk loads` lists them.")
    with store.transaction() as cur:
        delete_load_rows(cur, load_id)
        after_data_change(cur)
    return record


def after_data_change(cur: duckdb.DuckDBPyConnection) -> None:
    """Refresh what is derived from the data tables, inside the same transaction.

    Pre-aggregates (if any) are rebuilt here so that readers never see data and its summary
    disagree.
    """
    from analytics import derived  # local import: derived tables build on the whole schema

    derived.refresh(cur)
