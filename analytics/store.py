"""The DuckDB store: one connection per process, a cursor per query or thread, serialized writes.

Opening a file creates the schema (sql/schema.sql) or migrates an older one. A database file
held by another process raises StoreBusyError with the holder's PID instead of a raw lock error.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analytics.errors import StoreBusyError
from analytics.settings import Settings, load_settings, settings_path_for
from analytics.sql import load_sql

SCHEMA_VERSION = 4
DEFAULT_DB = Path("data") / "forecast.duckdb"

# Statements that bring a store of version N-1 up to version N; sql/schema.sql then (re)creates
# what is missing, views and macros. Version 1 had no reps.source (reps derived from snapshot rows).
MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: ("ALTER TABLE reps ADD COLUMN IF NOT EXISTS source VARCHAR DEFAULT 'reps'",),
    # Version 2 had rep-level calls and forecasts only: the level columns, rep nullable (a
    # manager's, region's or company's call has rep NULL and its name in scope).
    3: (
        "ALTER TABLE calls ALTER COLUMN rep DROP NOT NULL",
        "ALTER TABLE calls ADD COLUMN IF NOT EXISTS scope_type VARCHAR DEFAULT 'rep'",
        "ALTER TABLE calls ADD COLUMN IF NOT EXISTS scope VARCHAR",
        "ALTER TABLE calls ADD COLUMN IF NOT EXISTS submitted_by VARCHAR",
        "ALTER TABLE calls ADD COLUMN IF NOT EXISTS note VARCHAR",
        "ALTER TABLE calls ADD COLUMN IF NOT EXISTS adjustment DECIMAL(18, 2)",
        "ALTER TABLE calls ADD COLUMN IF NOT EXISTS late_correction BOOLEAN DEFAULT false",
        "UPDATE calls SET scope = rep WHERE scope IS NULL",
        "ALTER TABLE forecasts ALTER COLUMN rep DROP NOT NULL",
        "ALTER TABLE forecasts ADD COLUMN IF NOT EXISTS scope_type VARCHAR DEFAULT 'rep'",
        "ALTER TABLE forecasts ADD COLUMN IF NOT EXISTS scope VARCHAR",
        "ALTER TABLE forecasts ADD COLUMN IF NOT EXISTS submitted_by VARCHAR",
        "ALTER TABLE forecasts ADD COLUMN IF NOT EXISTS note VARCHAR",
        "UPDATE forecasts SET scope = rep WHERE scope IS NULL",
    ),
    # The Chinese display name of a rep's region (optional in the reps file).
    4: ("ALTER TABLE IF EXISTS reps ADD COLUMN IF NOT EXISTS region_zh VARCHAR",),
}


def default_db_path() -> Path:
    """FORECAST_DESK_DB, else data/forecast.duckdb."""
    return Path(os.environ.get("FORECAST_DESK_DB") or DEFAULT_DB)


def _busy_message(path: str, exc: Exception) -> str:
    pid = re.search(r"PID (\d+)", str(exc))
    holder = f"process {pid.group(1)}" if pid else "another process"
    return (
        f"The database {path} is in use by {holder} (for example a running dashboard); only one "
        "program can write it at a time. While the dashboard runs, load files from its Data "
        "page; otherwise stop that process and try again."
    )


class Store:
    """An open Forecast Desk database.

    `cursor()` gives each query or thread its own cursor on the one connection; `transaction()`
    serializes writers within the process and rolls back on any error, so a load is all or
    nothing.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        settings: Settings | None = None,
        read_only: bool = False,
    ) -> None:
        self.path = str(path if path is not None else default_db_path())
        from analytics import lake  # local import: lake builds on the store

        # A lake folder (analytics/lake.py) opens as an in-memory store of views over its Parquet.
        self.lake = Path(self.path) if lake.is_lake(self.path) else None
        if self.lake is not None:
            read_only = False
        elif self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(":memory:" if self.lake else self.path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreBusyError(_busy_message(self.path, exc)) from exc
            raise
        if self.lake is not None and not os.environ.get("FORECAST_DESK_SETTINGS"):
            self.settings_path = self.lake / lake.SETTINGS
        else:
            self.settings_path = settings_path_for(None if self.path == ":memory:" else self.path)
        if settings is None:
            # An in-memory store has no settings file of its own: defaults, unless one is named.
            in_memory = self.path == ":memory:" and not os.environ.get("FORECAST_DESK_SETTINGS")
            settings = load_settings(None if in_memory else self.settings_path)
        self.settings = settings
        self._write_lock = threading.RLock()
        if not read_only:
            self._migrate()
        if self.lake is not None:
            with self.transaction() as cur:
                lake.attach(cur, self.lake)

    # -- connection ---------------------------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._con.cursor()

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------------
    def schema_version(self) -> int:
        cur = self.cursor()
        has_meta = cur.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_meta'"
        ).fetchone()
        if not has_meta or has_meta[0] == 0:
            return 0
        row = cur.execute("SELECT value FROM schema_meta WHERE key = 'version'").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        with self.transaction() as cur:
            current = self.schema_version()
            if current > SCHEMA_VERSION:
                raise StoreBusyError(
                    f"{self.path} was written by a newer Forecast Desk (schema {current}); "
                    f"this version reads schema {SCHEMA_VERSION}. Upgrade Forecast Desk."
                )
            if current > 0:
                for version in range(current + 1, SCHEMA_VERSION + 1):
                    for statement in MIGRATIONS.get(version, ()):
                        cur.execute(statement)
            cur.execute(load_sql("schema"))
            from analytics import derived  # local import: the derived objects build on the schema

            derived.ensure(cur)
            cur.execute(
                "INSERT OR REPLACE INTO schema_meta VALUES ('version', $v)",
                {"v": str(SCHEMA_VERSION)},
            )

    # -- queries ------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A serialized write transaction on its own cursor; any exception rolls it back."""
        with self._write_lock:
            cur = self.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            else:
                cur.execute("COMMIT")
            finally:
                cur.close()

    def df(self, name: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run sql/<name>.sql with bound parameters on a fresh cursor; return a DataFrame."""
        cur = self.cursor()
        try:
            return cur.execute(load_sql(name), dict(params or {})).df()
        finally:
            cur.close()

    def rows(self, name: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run sql/<name>.sql with bound parameters; return all rows as tuples."""
        cur = self.cursor()
        try:
            return cur.execute(load_sql(name), dict(params or {})).fetchall()
        finally:
            cur.close()

    def table_counts(self) -> dict[str, int]:
        """Row count of every data table: what a person would check after a refused load."""
        cur = self.cursor()
        out: dict[str, int] = {}
        for table in DATA_TABLES + ("loads", "action_plans"):
            row = cur.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 - allow-listed
            out[table] = int(row[0]) if row else 0
        cur.close()
        return out


DATA_TABLES: tuple[str, ...] = ("snapshots", "bookings", "targets", "calls", "forecasts", "reps")


def open_store(path: str | os.PathLike[str] | None = None, **kwargs: Any) -> Store:
    """Open (creating or migrating) the store at path, default FORECAST_DESK_DB."""
    return Store(path, **kwargs)
