"""A loading process killed with SIGKILL in the middle of a large file leaves the store exactly as
it was before that load; loading the file again then succeeds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from analytics.store import Store
from tests.conftest import ROOT, run_cli

ROWS = 1_500_000


def _state(db: Path) -> tuple[dict[str, int], object]:
    with Store(db) as store:
        row = (
            store.cursor()
            .execute("SELECT sum(hash(opportunity_id, amount)) FROM snapshots")
            .fetchone()
        )
        return store.table_counts(), row[0] if row else None


@pytest.mark.slow
def test_sigkill_mid_load_leaves_the_store_as_before(tmp_path: Path) -> None:
    db = tmp_path / "crash.duckdb"
    small = tmp_path / "small.csv"
    small.write_text(
        "snapshot_date,opportunity_id,rep,region,stage,amount,close_date,forecast_category\n"
        "2026-01-05,OPP-1,R1,North,50,100.00,2026-02-01,pipeline\n"
    )
    assert run_cli("ingest", "snapshots", str(small), db=db).returncode == 0
    big = tmp_path / "big.csv"
    con = duckdb.connect()
    con.execute(
        "COPY (SELECT DATE '2026-01-12' AS snapshot_date, 'OPP-' || i AS opportunity_id, "
        "'R' || (i % 200) AS rep, 'North' AS region, (i % 9) * 10 + 10 AS stage, "
        "round(1000 + (i % 997) * 13.37, 2) AS amount, DATE '2026-03-01' + (i % 60)::INT AS close_date, "
        "'pipeline' AS forecast_category FROM range($n) t(i)) TO $path (HEADER)",
        {"n": ROWS, "path": str(big)},
    )
    con.close()
    before = _state(db)

    killed_mid_load = 0
    for delay in (0.5, 1.5, 3.0):
        proc = subprocess.Popen(
            [sys.executable, "-m", "analytics", "--db", str(db), "ingest", "snapshots", str(big)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed_mid_load += 1
        proc.wait()
        if proc.returncode == 0:  # it finished before the kill: undo it and go on
            with Store(db) as store:
                last = store.cursor().execute("SELECT max(load_id) FROM loads").fetchone()
            assert last is not None
            assert run_cli("unload", str(last[0]), db=db).returncode == 0
        assert _state(db) == before, f"store changed after a kill at {delay}s"
    assert killed_mid_load >= 2, "the load finished before it could be killed: use a larger file"

    result = run_cli("ingest", "snapshots", str(big), db=db, timeout=600)
    assert result.returncode == 0, result.stderr
    counts, _ = _state(db)
    assert counts["snapshots"] == before[0]["snapshots"] + ROWS
