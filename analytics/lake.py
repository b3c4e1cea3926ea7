"""The snapshot lake: every table of a store as Parquet, for DuckDB and Spark alike (docs/scale.md).

`forecast-desk lake export DIR` writes one folder per table under DIR, and DIR/lake.json:

    DIR/lake.json                           format, schema and derived versions, and per table:
                                            kind (data/derived), columns and their DuckDB types,
                                            partition column, rows, who wrote it (duckdb/spark)
    DIR/settings.toml                       the store's settings (thresholds, fiscal year, stages)
    DIR/snapshots/snapshot_date=2026-01-05/*.parquet   Hive-partitioned by snapshot_date
    DIR/deal_history/snapshot_date=…/*.parquet         (as is snapshot_summary)
    DIR/bookings/*.parquet                  every other table: one folder of Parquet files

A snapshot row carries `row_key` (BIGINT), a key written once at export and never recomputed,
where the SQL needs a row's identity (deal_history joins back to its snapshot row; DuckDB says
rowid, which a Parquet file does not have).

Opening a lake folder as a store (`--db DIR`, or FORECAST_DESK_DB=DIR for the dashboard) gives an
in-memory DuckDB whose tables and derived objects are views over
read_parquet('DIR/<table>/**/*.parquet', hive_partitioning = true) under the same names, so
every metric and page runs unchanged; a filter on snapshot_date reads only that partition. Such a
store is read-only: load files into a DuckDB store and export again. `lake import DIR` copies a
lake into an empty store file (data tables; the derived tables are then rebuilt).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from analytics.calendar import now as clock_now
from analytics.errors import ForecastDeskError, UsageError
from analytics.sql import load_sql
from analytics.store import DATA_TABLES, SCHEMA_VERSION

if TYPE_CHECKING:
    from analytics.store import Store

MANIFEST = "lake.json"
SETTINGS = "settings.toml"
FORMAT = "forecast-desk-lake"
ROW_KEY = "row_key"
LAKE_DATA_TABLES: tuple[str, ...] = DATA_TABLES + ("loads", "action_plans")
# Tables Hive-partitioned by snapshot_date: the snapshots and the derived tables of their size.
PARTITIONED: dict[str, str] = {
    "snapshots": "snapshot_date",
    "deal_history": "snapshot_date",
    "snapshot_summary": "snapshot_date",
}


class LakeError(ForecastDeskError):
    """A lake folder that cannot be read (no manifest, other version, missing table)."""


def is_lake(path: str | Path) -> bool:
    """True when `path` is a lake folder (it holds lake.json)."""
    p = Path(path)
    return p.is_dir() and (p / MANIFEST).is_file()


def derived_objects() -> tuple[str, ...]:
    from analytics.derived import OBJECTS

    return OBJECTS


def table_glob(directory: Path, table: str) -> str:
    return str(directory.resolve() / table / "**" / "*.parquet")


def _relation(cur: duckdb.DuckDBPyConnection, table: str) -> duckdb.DuckDBPyRelation:
    if table == "snapshots":
        return cur.sql(load_sql("lake/snapshots_keyed"))
    return cur.table(table)


def export_lake(store: Store, directory: Path) -> str:
    """Write every data table and derived object under DIR, and lake.json; a one-line summary."""
    from analytics.derived import DERIVED_VERSION

    if directory.exists() and any(directory.iterdir()) and not is_lake(directory):
        raise UsageError(f"{directory} is not empty and not a lake; name a new folder.")
    directory.mkdir(parents=True, exist_ok=True)
    tables: dict[str, Any] = {}
    cur = store.cursor()
    try:
        cur.execute("BEGIN TRANSACTION")  # one consistent view of all tables
        names = [(t, "data") for t in LAKE_DATA_TABLES] + [
            (t, "derived") for t in derived_objects()
        ]
        for table, kind in names:
            rel = _relation(cur, table)
            columns = [[c, str(t)] for c, t in zip(rel.columns, rel.types, strict=True)]
            target = directory / table
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            part = PARTITIONED.get(table)
            rows = int(rel.aggregate("count(*)").fetchall()[0][0])
            if part:
                rel.write_parquet(str(target), partition_by=[part], overwrite=True)
            else:
                rel.write_parquet(str(target / "data.parquet"))
            tables[table] = {
                "kind": kind,
                "columns": columns,
                "partition_by": part,
                "rows": rows,
                "written_by": "duckdb",
            }
        cur.execute("COMMIT")
    finally:
        cur.close()
    if store.settings_path.exists():
        shutil.copyfile(store.settings_path, directory / SETTINGS)
    manifest = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "derived_version": DERIVED_VERSION,
        "exported_at": clock_now().isoformat(timespec="seconds"),
        "tables": tables,
    }
    write_manifest(directory, manifest)
    total = sum(int(t["rows"]) for t in tables.values())
    return f"exported {len(tables)} tables ({total} rows) to the lake {directory}"


def write_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    path = directory / MANIFEST
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    tmp.replace(path)


def read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.is_file():
        raise LakeError(
            f"{directory}: no {MANIFEST}; is this a `forecast-desk lake export` folder?"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise LakeError(f"{path}: unreadable manifest: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise LakeError(f"{path}: not a Forecast Desk lake manifest")
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise LakeError(
            f"{path}: lake of schema {manifest.get('schema_version')}, this version reads schema "
            f"{SCHEMA_VERSION}; export it again with this version."
        )
    missing = [t for t in manifest.get("tables", {}) if not (directory / t).is_dir()]
    if missing:
        raise LakeError(f"{directory}: table folder(s) missing: {', '.join(missing)}")
    return dict(manifest)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def view_select(directory: Path, table: str, spec: dict[str, Any]) -> str:
    """SELECT over a table's Parquet files with the store's column names, order and types."""
    part = spec.get("partition_by")
    cols = ", ".join(
        f'CAST("{name}" AS {kind}) AS "{name}"' for name, kind in spec["columns"] if name != ROW_KEY
    )
    hive = f", hive_partitioning = true, hive_types = {{'{part}': DATE}}" if part else ""
    # A folder path (quoted as a literal: read_parquet in a view takes no bound parameter) and
    # column names and types from the manifest this module wrote.
    return f"SELECT {cols} FROM read_parquet({_quote(table_glob(directory, table))}{hive})"  # noqa: S608


def attach(cur: duckdb.DuckDBPyConnection, directory: Path) -> dict[str, Any]:
    """Replace the store's tables and derived objects by views over the lake (same names)."""
    manifest = read_manifest(directory)
    kinds = dict(
        cur.execute(load_sql("derived/objects"), {"names": list(manifest["tables"])}).fetchall()
    )
    for table, spec in manifest["tables"].items():
        kind = kinds.get(table)
        if kind:
            cur.execute(f"DROP {'TABLE' if kind == 'table' else 'VIEW'} {table}")
        cur.execute(f"CREATE VIEW {table} AS {view_select(directory, table, spec)}")
    return manifest


def import_lake(store: Store, directory: Path) -> str:
    """Copy a lake's data tables into an empty store, all or nothing; derived tables are rebuilt."""
    from analytics.loadlog import after_data_change

    manifest = read_manifest(directory)
    if any(store.table_counts()[t] for t in LAKE_DATA_TABLES):
        raise UsageError("lake import fills an empty store only; use a new --db path.")
    tables = manifest["tables"]
    with store.transaction() as cur:
        for table in LAKE_DATA_TABLES:
            spec = tables.get(table)
            if spec is None:
                raise LakeError(f"{directory}: the lake has no table {table}")
            cur.execute(f"INSERT INTO {table} BY NAME {view_select(directory, table, spec)}")  # noqa: S608
            got = int(cur.table(table).aggregate("count(*)").fetchall()[0][0])
            if got != int(spec["rows"]):
                raise LakeError(
                    f"{directory}/{table}: {got} rows, the manifest says {spec['rows']}"
                )
        row = cur.table("loads").aggregate("coalesce(max(load_id), 0)").fetchall()[0]
        cur.execute(f"CREATE OR REPLACE SEQUENCE load_id_seq START {int(row[0]) + 1}")
        after_data_change(cur)
    total = sum(int(tables[t]["rows"]) for t in LAKE_DATA_TABLES)
    return f"imported {len(LAKE_DATA_TABLES)} tables ({total} rows) from the lake {directory}"
