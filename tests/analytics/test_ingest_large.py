"""A large snapshot file loads quickly and keeps exact row numbers (file written by DuckDB)."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from analytics.errors import LoadError
from analytics.ingest import ingest_file
from analytics.store import Store

ROWS = 200_000


def write_snapshot(path: Path, bad_row: int | None = None) -> None:
    """ROWS deals of rep S01 or S02; with bad_row, that file row (header = 1) has amount 'n/a'."""
    con = duckdb.connect()
    try:
        con.execute(
            f"""
            COPY (
                SELECT '2026-01-05' AS snapshot_date, 'OPP' || i AS opportunity_id,
                       'S0' || (i % 2 + 1) AS rep, (i % 9) * 10 AS stage,
                       CASE WHEN i + 2 = $bad THEN 'n/a' ELSE '$' || format('{{:,}}', i % 100000) END AS amount,
                       '3/' || (i % 28 + 1) || '/2026' AS close_date
                FROM range({ROWS}) t(i) ORDER BY i
            ) TO '{path}' (HEADER, DELIMITER ',')
            """,  # noqa: S608 - a test writing its own file
            {"bad": bad_row or -1},
        )
    finally:
        con.close()


@pytest.fixture
def reps_store(store: Store, tmp_path: Path) -> Store:
    path = tmp_path / "reps.csv"
    path.write_text("rep,region\nS01,North\nS02,East\n", encoding="utf-8")
    ingest_file(store, "reps", path)
    return store


def test_a_large_snapshot_loads(reps_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    write_snapshot(path)
    started = time.perf_counter()
    report = ingest_file(reps_store, "snapshots", path)
    elapsed = time.perf_counter() - started
    assert report.rows == ROWS
    # sum of i % 100000 over i < 200000 = 2 x (0 + ... + 99999) = 2 x 4999950000
    total = reps_store.cursor().execute("SELECT sum(amount), count(DISTINCT rep) FROM snapshots")
    assert total.fetchone() == (9_999_900_000, 2)
    assert elapsed < 60  # generous: the machine may be shared; a few seconds when it is not


def test_row_numbers_stay_exact_in_a_large_file(reps_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    write_snapshot(path, bad_row=150_001)
    with pytest.raises(LoadError) as info:
        ingest_file(reps_store, "snapshots", path)
    assert [(e.row, e.column, e.value) for e in info.value.errors] == [(150_001, "amount", "n/a")]
    assert reps_store.table_counts()["snapshots"] == 0
