"""The store: schema creation, migration of an older file, transactions, busy database."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from analytics.errors import StoreBusyError
from analytics.sql import load_sql, sql_names
from analytics.store import SCHEMA_VERSION, Store
from tests.conftest import ROOT, run_cli


def test_new_store_has_every_table_and_current_version(store: Store) -> None:
    counts = store.table_counts()
    assert set(counts) == {
        "snapshots",
        "bookings",
        "targets",
        "calls",
        "forecasts",
        "reps",
        "loads",
        "action_plans",
    }
    assert all(v == 0 for v in counts.values())
    assert store.schema_version() == SCHEMA_VERSION


def test_reopening_keeps_data(db_path: Path) -> None:
    with Store(db_path) as s:
        with s.transaction() as cur:
            cur.execute(
                "INSERT INTO reps VALUES ('r1','Ann','North',NULL,'A',NULL,NULL,'reps',1,NULL)"
            )
    with Store(db_path) as s:
        assert s.table_counts()["reps"] == 1


def test_migrates_a_version_1_file(db_path: Path) -> None:
    con = duckdb.connect(str(db_path))
    con.execute((ROOT / "tests" / "data" / "schema_v1.sql").read_text())
    con.execute("INSERT INTO schema_meta VALUES ('version', '1')")
    con.execute("INSERT INTO reps VALUES ('r1', 'Ann', 'North', NULL, 'A', NULL, NULL, 7)")
    con.close()
    with Store(db_path) as s:
        assert s.schema_version() == SCHEMA_VERSION
        rows = s.cursor().execute("SELECT rep, region FROM rep_dim").fetchall()
        assert rows == [("r1", "North")]
        src = s.cursor().execute("SELECT source, load_id FROM reps").fetchall()
        assert src == [("reps", 7)]


def test_a_newer_file_is_refused(db_path: Path) -> None:
    with Store(db_path) as s, s.transaction() as cur:
        cur.execute("UPDATE schema_meta SET value = '999' WHERE key = 'version'")
    with pytest.raises(StoreBusyError, match="newer Forecast Desk"):
        Store(db_path)


def test_transaction_rolls_back_on_error(store: Store) -> None:
    with pytest.raises(RuntimeError):
        with store.transaction() as cur:
            cur.execute(
                "INSERT INTO reps VALUES ('r1','Ann','North',NULL,'A',NULL,NULL,'reps',1,NULL)"
            )
            raise RuntimeError("boom")
    assert store.table_counts()["reps"] == 0


# Plausible values for the named parameters of sql/ files; any other name binds NULL.
PARAM_SAMPLES = {
    "by": "rep",
    "grain": "month",
    "m0": 1,
    "regions": [],
    "reps": [],
    "max_age": 7,
}


def test_every_sql_file_prepares(store: Store) -> None:
    """Every statement in sql/ binds against the schema (EXPLAIN does not run it)."""
    cur = store.cursor()
    names = [n for n in sql_names() if n != "schema"]
    assert "loads/list" in names
    failures = []
    for name in [n for n in names if "/macros/" in n]:  # temporary macros other files call
        cur.execute(load_sql(name))
    for name in [n for n in names if "/macros/" not in n]:
        text = load_sql(name)
        params = {p: PARAM_SAMPLES.get(p) for p in set(re.findall(r"\$([A-Za-z_]\w*)", text))}
        try:
            cur.execute("EXPLAIN " + text, params)
        except duckdb.CatalogException as exc:
            # Loader and demo statements read staging tables that exist only during a load;
            # their own tests run them.
            if not re.search(
                r"Table with name (ingest|demo|backfill)_\w+ does not exist", str(exc)
            ):
                failures.append(f"sql/{name}.sql: {exc}")
        except duckdb.Error as exc:
            failures.append(f"sql/{name}.sql: {exc}")
    assert not failures, "\n".join(failures)


def test_cli_says_which_process_holds_the_database(db_path: Path) -> None:
    Store(db_path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import duckdb, sys, time
                con = duckdb.connect({str(db_path)!r})
                print('ready', flush=True)
                time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        result = run_cli("loads", db=db_path)
        assert time.monotonic() - started < 60
        assert result.returncode == 1
        assert f"process {holder.pid}" in result.stderr
        assert "Data page" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        holder.kill()
        holder.wait()
