"""Summaries derived from the loaded data, kept in step with every load, unload, demo and import.

The pages ask the same questions of millions of snapshot rows on every call (which snapshots
exist, how much is open per rep, how often did this deal slip, which call or forecast counts).
What does not depend on a page's filters or thresholds is computed once per data change and
kept beside the data; the metric SQL reads it. Each derived object has one definition,
sql/derived/<name>.sql: a SELECT over the data tables and the objects before it in OBJECTS.

A store that has never been refreshed (a new store, or one written directly with SQL, as the
tests do) holds them as views of their definitions, so every number is right whatever wrote
the data. `refresh()` runs inside the transaction of every load, unload, demo build and import
(analytics.loadlog.after_data_change), so readers never see data and summaries disagree. It
turns the views into tables once and then keeps the tables up to date (so any other code that
writes the data tables of a store must call it in the same transaction, as loads do):

- snapshot_index (rebuilt: a few hundred rows) fingerprints every snapshot date; the earliest
  date D whose rows changed (a new weekly snapshot: its own date) is where the others start;
- deal_history drops its rows from D on and appends them again, carrying each deal's last row
  before D (deal_history_append.sql); deal_facts recomputes the deals with rows from D on;
  snapshot_summary, calibration_summary and calibration_outcomes replace their rows from D on
  (a calibration row belongs to its outcome's date, and an outcome before D cannot change);
- the small summaries of reps, calls, bookings and forecasts (REBUILT) are rebuilt whole when a
  table they read changed, which input_fingerprints.sql tells;
- projection_outcomes (M19's calibration history: past open deals and what became of them)
  replaces its rows of snapshots from 92 days before D on (an outcome is read up to 3 months
  after its snapshot), and is rebuilt whole when the bookings or reps change.

SQL composed here only wraps a definition read from sql/derived/ with an identifier from OBJECTS,
REBUILT or BY_DATE; values are always bound.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import duckdb

from analytics.sql import load_sql

# Bump when a definition in sql/derived/ changes: opening a store of another version rebuilds.
DERIVED_VERSION = "11"

# In dependency order: each definition reads the data tables and the objects before it.
OBJECTS: tuple[str, ...] = (
    "rep_current",
    "snapshot_index",
    "deal_facts",
    "deal_history",
    "snapshot_summary",
    "calibration_summary",
    "calibration_outcomes",
    "calls_current",
    "week_actuals",
    "actual_days",
    "won_deals",
    "closed_running",
    "forecast_versions",
    "forecast_submissions",
    "projection_outcomes",
)
# Rows refreshed by snapshot date: the column that dates a row (rows from D on are replaced).
BY_DATE: dict[str, str] = {
    "snapshot_summary": "snapshot_date",
    "calibration_summary": "outcome_date",
    "calibration_outcomes": "outcome_date",
}
# Rebuilt whole when a data table they read changed: small, or quick to rebuild.
REBUILT: dict[str, tuple[str, ...]] = {
    "rep_current": ("reps",),
    "calls_current": ("calls",),
    "week_actuals": ("bookings", "reps"),
    "actual_days": ("bookings", "reps"),
    "won_deals": ("bookings", "reps"),
    "closed_running": ("bookings", "reps", "snapshots"),
    "forecast_versions": ("forecasts",),
    "forecast_submissions": ("forecasts",),
    "projection_outcomes": ("bookings", "reps"),
}
# Rows refreshed by snapshot date that also depend on later snapshots: the rows of snapshots less
# than this many days before the earliest changed date are replaced (M19's outcome of a snapshot
# is read up to its month + 3 months, at most 92 days on).
BY_DATE_LOOKBACK: dict[str, int] = {"projection_outcomes": 92}
# Macros over the derived objects, created after them.
MACROS: tuple[str, ...] = (
    "snapshot_index_as_of",
    "latest_snapshot",
    "expected_calls",
    "expected_forecasts",
    "evaluation_snapshots",
)


def definition(name: str) -> str:
    """The SELECT that defines a derived object (its view, and the recomputation in tests)."""
    if name not in OBJECTS:
        raise ValueError(f"unknown derived object {name!r}")
    return load_sql(f"derived/{name}")


def present(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The derived objects in the store: name -> 'table' or 'view'."""
    rows = cur.execute(load_sql("derived/objects"), {"names": list(OBJECTS)}).fetchall()
    return {str(name): str(kind) for name, kind in rows}


def version(cur: duckdb.DuckDBPyConnection) -> str | None:
    """The DERIVED_VERSION the store's derived objects were built with (None: never)."""
    row = cur.execute(load_sql("derived/version_get")).fetchone()
    return str(row[0]) if row else None


def is_materialized(cur: duckdb.DuckDBPyConnection) -> bool:
    """True when every derived object is a table of the current definitions."""
    kinds = present(cur)
    return version(cur) == DERIVED_VERSION and all(kinds.get(n) == "table" for n in OBJECTS)


def ensure(cur: duckdb.DuckDBPyConnection) -> None:
    """Create what is missing or outdated when a store is opened for writing.

    A store of the current version is left alone (two catalog queries). Otherwise a store
    holding data gets tables at once (a store written by an older version: one full build),
    an empty one views.
    """
    kinds = present(cur)
    if version(cur) == DERIVED_VERSION and set(kinds) == set(OBJECTS):
        return
    row = cur.execute(load_sql("derived/has_data")).fetchone()
    if row and row[0]:
        materialize(cur)
    else:
        create_views(cur)


def create_views(cur: duckdb.DuckDBPyConnection) -> None:
    """Every derived object as a view of its definition (always in step with the data)."""
    _drop_all(cur)
    for name in OBJECTS:
        _execute(cur, f"CREATE VIEW {name} AS {definition(name)}")
    _finish(cur)


def materialize(cur: duckdb.DuckDBPyConnection) -> None:
    """Build every derived object as a table from the whole data (a store's first refresh)."""
    _drop_all(cur)
    for name in OBJECTS:
        _execute(cur, f"CREATE TABLE {name} AS {definition(name)}")
    _finish(cur)


def refresh(cur: duckdb.DuckDBPyConnection) -> None:
    """Bring the derived tables in step with the data, inside the caller's transaction.

    Called by every load, unload, demo build and import. The snapshot summaries are recomputed
    from the earliest snapshot date whose rows changed (nothing when no snapshot changed); the
    small summaries when a table they read changed.
    """
    if not is_materialized(cur):
        materialize(cur)
        return
    row = cur.execute(load_sql("derived/changed_from")).fetchone()
    changed_from: date | None = row[0] if row else None
    changed = _changed_inputs(cur)
    if changed_from is not None:
        _refresh_snapshots(cur, changed_from)
        changed.add("snapshots")
    for name, inputs in REBUILT.items():
        if changed.intersection(inputs):
            _execute(cur, f"CREATE OR REPLACE TABLE {name} AS {definition(name)}")
    _record_inputs(cur)


def _refresh_snapshots(cur: duckdb.DuckDBPyConnection, changed_from: date) -> None:
    params = {"from_date": changed_from}
    _execute(cur, f"CREATE OR REPLACE TABLE snapshot_index AS {definition('snapshot_index')}")
    # deal_facts first, while deal_history still shows which deals had rows from changed_from
    # on; deal_history's append then reads the deals' first snapshots from it.
    changed_deals = f"opportunity_id IN ({load_sql('derived/changed_deals')}\n)"
    _delete_rows(cur, "deal_facts", changed_deals, params)
    _execute(cur, f"INSERT INTO deal_facts {load_sql('derived/deal_facts_changed')}", params)
    _delete_rows(cur, "deal_history", "snapshot_date >= $from_date", params)
    _append_history(cur, changed_from)
    for name, column in BY_DATE.items():
        _replace_rows(cur, name, f"{column} >= $from_date", params, order_by=column)
    for name, days in BY_DATE_LOOKBACK.items():
        since = {"from_date": changed_from - timedelta(days=days)}
        _replace_rows(cur, name, "snapshot_date >= $from_date", since, order_by="snapshot_date")


def _replace_rows(
    cur: duckdb.DuckDBPyConnection,
    name: str,
    condition: str,
    params: dict[str, Any],
    order_by: str | None = None,
) -> None:
    """Replace the rows of a derived table that satisfy `condition` with their definition's."""
    _delete_rows(cur, name, condition, params)
    order = f" ORDER BY {order_by}" if order_by else ""
    select = f"SELECT * FROM ({definition(name)}\n) WHERE {condition}{order}"  # noqa: S608
    _execute(cur, f"INSERT INTO {name} {select}", params)


def _delete_rows(
    cur: duckdb.DuckDBPyConnection, name: str, condition: str, params: dict[str, Any]
) -> None:
    _execute(cur, f"DELETE FROM {name} WHERE {condition}", params)  # noqa: S608


def _append_history(cur: duckdb.DuckDBPyConnection, from_date: date) -> None:
    rows = load_sql("derived/deal_history_append")
    _execute(cur, f"INSERT INTO deal_history {rows}", {"from_date": from_date})


def _fingerprints(cur: duckdb.DuckDBPyConnection, name: str) -> dict[str, str]:
    return {str(k): str(v) for k, v in cur.execute(load_sql(f"derived/{name}")).fetchall()}


def _changed_inputs(cur: duckdb.DuckDBPyConnection) -> set[str]:
    """The data tables (other than snapshots) whose fingerprint differs from the last refresh."""
    now = _fingerprints(cur, "input_fingerprints")
    before = _fingerprints(cur, "fingerprints_get")
    return {name for name, value in now.items() if before.get(name) != value}


def _record_inputs(cur: duckdb.DuckDBPyConnection) -> None:
    for name, value in _fingerprints(cur, "input_fingerprints").items():
        cur.execute(load_sql("derived/fingerprint_set"), {"input": name, "fingerprint": value})


def _drop_all(cur: duckdb.DuckDBPyConnection) -> None:
    for name, kind in present(cur).items():
        _execute(cur, f"DROP {'TABLE' if kind == 'table' else 'VIEW'} {name}")


def _finish(cur: duckdb.DuckDBPyConnection) -> None:
    for name in MACROS:
        cur.execute(load_sql(f"derived/macros/{name}"))
    cur.execute(load_sql("derived/version_set"), {"version": DERIVED_VERSION})
    _record_inputs(cur)


def _execute(
    cur: duckdb.DuckDBPyConnection, statement: str, params: dict[str, Any] | None = None
) -> None:
    """Run a statement composed of a definition from sql/derived/ and allow-listed names."""
    cur.execute(statement, params or {})
