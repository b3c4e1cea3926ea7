"""Backup and restore: every table to Parquet (`forecast-desk export DIR`) and back (`import DIR`).

An export is a folder of one Parquet file per table plus manifest.json (schema version, row
counts, SHA-256 of each file). Import restores into an empty store, in one transaction, after
checking the manifest, so a damaged or partial export is refused whole.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

from analytics.calendar import now as clock_now
from analytics.errors import ForecastDeskError, UsageError
from analytics.loadlog import after_data_change
from analytics.store import DATA_TABLES, SCHEMA_VERSION, Store

BACKUP_TABLES: tuple[str, ...] = DATA_TABLES + ("loads", "action_plans")
MANIFEST = "manifest.json"


class BackupError(ForecastDeskError):
    """An export folder that cannot be restored (missing file, checksum mismatch, version)."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def export_store(store: Store, directory: Path) -> str:
    """Write every table to DIR/<table>.parquet and a manifest; returns a one-line summary."""
    directory.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    hashes: dict[str, str] = {}
    cur = store.cursor()
    try:
        cur.execute("BEGIN TRANSACTION")  # one consistent view of all tables
        for table in BACKUP_TABLES:
            path = directory / f"{table}.parquet"
            cur.table(table).write_parquet(str(path))
            counts[table] = store_count(cur, table)
            hashes[table] = _sha256(path)
        cur.execute("COMMIT")
    finally:
        cur.close()
    manifest = {
        "format": "forecast-desk-export",
        "schema_version": SCHEMA_VERSION,
        "exported_at": clock_now().isoformat(timespec="seconds"),
        "rows": counts,
        "sha256": hashes,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    total = sum(counts.values())
    return f"exported {len(BACKUP_TABLES)} tables ({total} rows) to {directory}"


def store_count(cur: duckdb.DuckDBPyConnection, table: str) -> int:
    row = cur.table(table).aggregate("count(*)").fetchall()[0]
    return int(row[0]) if row else 0


def _read_manifest(directory: Path) -> dict[str, object]:
    path = directory / MANIFEST
    if not path.exists():
        raise BackupError(f"{directory}: no {MANIFEST}; is this a `forecast-desk export` folder?")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path}: unreadable manifest: {exc}") from exc
    if manifest.get("format") != "forecast-desk-export":
        raise BackupError(f"{path}: not a Forecast Desk export manifest")
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise BackupError(
            f"{path}: export of schema {manifest.get('schema_version')}, this store is schema "
            f"{SCHEMA_VERSION}; import it with the Forecast Desk version that wrote it, "
            "then export again."
        )
    return dict(manifest)


def import_store(store: Store, directory: Path) -> str:
    """Restore an export into an empty store, all or nothing; returns a one-line summary."""
    manifest = _read_manifest(directory)
    rows = manifest.get("rows")
    hashes = manifest.get("sha256")
    assert isinstance(rows, dict) and isinstance(hashes, dict)
    if any(store.table_counts()[t] for t in BACKUP_TABLES):
        raise UsageError(
            "import restores into an empty store only; use a new --db path "
            "(or `unload` every load first)."
        )
    for table in BACKUP_TABLES:
        path = directory / f"{table}.parquet"
        if not path.exists():
            raise BackupError(f"{directory}: {path.name} is missing")
        if _sha256(path) != hashes.get(table):
            raise BackupError(f"{path}: checksum differs from the manifest; the export is damaged")
    with store.transaction() as cur:
        for table in BACKUP_TABLES:
            path = directory / f"{table}.parquet"
            try:
                cur.read_parquet(str(path)).insert_into(table)
            except duckdb.Error as exc:
                raise BackupError(f"{path}: cannot restore {table}: {exc}") from exc
            if store_count(cur, table) != int(rows.get(table, -1)):
                raise BackupError(f"{path}: row count differs from the manifest")
        row = cur.table("loads").aggregate("coalesce(max(load_id), 0)").fetchall()[0]
        next_id = int(row[0]) + 1 if row else 1
        # The sequence must continue after the restored load ids; next_id is an integer we computed.
        cur.execute(f"CREATE OR REPLACE SEQUENCE load_id_seq START {int(next_id)}")
        after_data_change(cur)
    total = sum(int(v) for v in rows.values())
    return f"imported {len(BACKUP_TABLES)} tables ({total} rows) from {directory}"
