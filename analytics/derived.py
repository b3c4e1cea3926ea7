"""Summaries derived from the loaded data, kept in step with every load, unload, demo and import.

The pages ask the same questions of millions of snapshot rows again and again (which snapshot
is the latest, how much is open per rep, how often did this deal slip). The answers that do not
depend on a page's filters or thresholds are computed once per data change and kept beside the
data; the metric SQL reads them. Each derived object has one definition, sql/derived/<name>.sql,
a SELECT over the data tables and the derived objects before it in OBJECTS:

- snapshot_index: every snapshot date with its position and a fingerprint of its rows;
- deal_history: every snapshot row, clustered by date, with the deal's slips and unchanged run;
- snapshot_summary: deals and amounts per snapshot, rep, category, stage and checklist state;
- deal_facts: per deal its created date, first lost row and first outcome;
- calibration_summary: M15's observations added up by snapshot, outcome, rep and stage;
- calls_current, week_actuals, won_deals: the call that counts per rep-week, the actual per
  rep-week, the won deals of M17.

A store that has never been refreshed (a new store, or one written directly with SQL, as the
tests do) holds them as views of their definitions, so every number is right whatever wrote the
data. `refresh()` runs inside the transaction of every load, unload, demo build and import
(analytics.loadlog.after_data_change), so readers never see data and summaries disagree; it turns
the views into tables and then keeps the tables up to date by snapshot date: snapshot_index's
fingerprint tells the earliest date D whose rows changed (a new weekly snapshot: its own date);
deal_history, snapshot_summary and calibration_summary replace only their rows from D on (a
calibration row belongs to its outcome's date, and an outcome before D cannot change), the
others are rebuilt whole (they are small or quick to rebuild).
"""

from __future__ import annotations

from datetime import date

import duckdb

from analytics.sql import load_sql

# Bump when a definition in sql/derived/ changes: opening a store of another version rebuilds.
DERIVED_VERSION = "3"

# In dependency order: each definition reads the data tables and the objects before it.
OBJECTS: tuple[str, ...] = (
    "snapshot_index",
    "deal_history",
    "snapshot_summary",
    "deal_facts",
    "calibration_summary",
    "calibration_outcomes",
    "calls_current",
    "week_actuals",
    "actual_days",
    "won_deals",
    "closed_running",
    "forecast_versions",
    "forecast_submissions",
)
# Rebuilt whole on every refresh: small, or quick to rebuild from the objects before them.
REBUILT: tuple[str, ...] = OBJECTS[OBJECTS.index("calls_current") :]
# Macros over the derived objects, created after them.
MACROS: tuple[str, ...] = ("snapshot_index_as_of", "latest_snapshot")
# Tables refreshed by snapshot date: the column that dates a row (rows from D on are replaced).
BY_DATE: dict[str, str] = {
    "snapshot_summary": "snapshot_date",
    "calibration_summary": "outcome_date",
    "calibration_outcomes": "outcome_date",
}


def definition(name: str) -> str:
    """The SELECT that defines a derived object (the view, and the recomputation in tests)."""
    if name not in OBJECTS:
        raise ValueError(f"unknown derived object {name!r}")
    return load_sql(f"derived/{name}")


def present(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The derived objects in the store: name -> 'table' or 'view'."""
    rows = cur.execute(load_sql("derived/objects"), {"names": list(OBJECTS)}).fetchall()
    return {str(name): str(kind) for name, kind in rows}


def version(cur: duckdb.DuckDBPyConnection) -> str | None:
    row = cur.execute(load_sql("derived/version_get")).fetchone()
    return str(row[0]) if row else None


def is_materialized(cur: duckdb.DuckDBPyConnection) -> bool:
    """True when every derived object is a table of the current definitions."""
    kinds = present(cur)
    return version(cur) == DERIVED_VERSION and all(kinds.get(n) == "table" for n in OBJECTS)


def ensure(cur: duckdb.DuckDBPyConnection) -> None:
    """Create what is missing or outdated when a store is opened for writing.

    A store of the current version is left alone (cheap: two catalog queries). Otherwise a store
    holding data gets tables at once (a store written by an older version: one full rebuild),
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
        cur.execute(f"CREATE VIEW {name} AS {definition(name)}")  # name from OBJECTS
    _finish(cur)


def materialize(cur: duckdb.DuckDBPyConnection) -> None:
    """Build every derived object as a table from the whole data (the first refresh of a store)."""
    _drop_all(cur)
    for name in OBJECTS:
        if name == "deal_history":
            # Same columns as the definition, filled by the same statement that appends a date.
            empty = f"CREATE TABLE {name} AS SELECT * FROM ({definition(name)}\n) LIMIT 0"  # noqa: S608
            cur.execute(empty)
            first = cur.execute(load_sql("derived/first_snapshot")).fetchone()
            if first and first[0] is not None:
                _append_history(cur, first[0])
        else:
            cur.execute(f"CREATE TABLE {name} AS {definition(name)}")  # name from OBJECTS
    _finish(cur)


def refresh(cur: duckdb.DuckDBPyConnection) -> None:
    """Bring the derived tables in step with the data, inside the caller's transaction.

    Called by every load, unload, demo build and import. Snapshot summaries are recomputed from
    the earliest snapshot date whose rows changed; nothing of them when no snapshot changed.
    """
    if not is_materialized(cur):
        materialize(cur)
        return
    row = cur.execute(load_sql("derived/changed_from")).fetchone()
    changed_from = row[0] if row else None
    if changed_from is not None:
        _refresh_snapshots(cur, changed_from)
    for name in REBUILT:
        cur.execute(f"CREATE OR REPLACE TABLE {name} AS {definition(name)}")


def _refresh_snapshots(cur: duckdb.DuckDBPyConnection, changed_from: date) -> None:
    params = {"from_date": changed_from}
    cur.execute(f"CREATE OR REPLACE TABLE snapshot_index AS {definition('snapshot_index')}")
    cur.execute("DELETE FROM deal_history WHERE snapshot_date >= $from_date", params)
    _append_history(cur, changed_from)
    cur.execute(f"CREATE OR REPLACE TABLE deal_facts AS {definition('deal_facts')}")
    for name, column in BY_DATE.items():
        # name and column come from BY_DATE; the date is bound.
        cur.execute(f"DELETE FROM {name} WHERE {column} >= $from_date", params)  # noqa: S608
        cur.execute(
            f"INSERT INTO {name} SELECT * FROM ({definition(name)}\n) "  # noqa: S608
            f"WHERE {column} >= $from_date ORDER BY {column}",
            params,
        )


def _append_history(cur: duckdb.DuckDBPyConnection, from_date: date) -> None:
    cur.execute(
        f"INSERT INTO deal_history {load_sql('derived/deal_history_append')}",
        {"from_date": from_date},
    )


def _drop_all(cur: duckdb.DuckDBPyConnection) -> None:
    for name, kind in present(cur).items():
        cur.execute(f"DROP {'TABLE' if kind == 'table' else 'VIEW'} {name}")  # from OBJECTS


def _finish(cur: duckdb.DuckDBPyConnection) -> None:
    for name in MACROS:
        cur.execute(load_sql(f"derived/macros/{name}"))
    cur.execute(load_sql("derived/version_set"), {"version": DERIVED_VERSION})
