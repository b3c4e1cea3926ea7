"""Files that must be refused, through the real command line: a message naming the row and the
column, exit status 1, no traceback, and the store exactly as before (counts and checksums)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from analytics.ingest import ingest_file
from analytics.store import DATA_TABLES, Store
from tests.conftest import run_cli

SNAP_HEADER = "snapshot_date,opportunity_id,rep,stage,amount,close_date,forecast_category\n"
GOOD_ROW = "2026-01-12,O1,S01,60,100,2026-03-31,pipeline\n"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding two reps and the snapshot of 2026-01-05."""
    folder = tmp_path_factory.mktemp("refusals")
    reps = folder / "reps.csv"
    reps.write_text("rep,name,region\nS01,Ann Lee,North\nS02,Bo Wang,East\n", encoding="utf-8")
    snap = folder / "snap.csv"
    snap.write_text(SNAP_HEADER + GOOD_ROW.replace("2026-01-12", "2026-01-05"), encoding="utf-8")
    path = folder / "forecast.duckdb"
    with Store(path) as store:
        ingest_file(store, "reps", reps)
        ingest_file(store, "snapshots", snap)
    return path


def fingerprint(db: Path) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
    """Row counts of every table and an order-independent checksum of each table's rows."""
    with Store(db) as store:
        counts = store.table_counts()
    con = duckdb.connect(str(db), read_only=True)
    try:
        sums = {}
        for table in (*DATA_TABLES, "loads"):
            row = con.execute(
                f"SELECT count(*), coalesce(sum(hash(CAST(t AS VARCHAR))), 0) FROM {table} t"  # noqa: S608
            ).fetchone()
            assert row is not None
            sums[table] = (int(row[0]), int(row[1]))
    finally:
        con.close()
    return counts, sums


def _text(text: str) -> Callable[[Path], object]:
    return lambda p: p.write_text(text, encoding="utf-8")


def _bytes(data: bytes) -> Callable[[Path], object]:
    return lambda p: p.write_bytes(data)


# table, how to write the file, extra arguments, what stderr must contain
CASES: dict[str, tuple[str, Callable[[Path], object], list[str], list[str]]] = {
    "empty file": ("snapshots", _bytes(b""), [], ["row 1", "empty", "opportunity_id"]),
    "header only": ("snapshots", _text(SNAP_HEADER), [], ["row 2", "no data rows", "close_date"]),
    "binary garbage": (
        "snapshots",
        _bytes(bytes(range(256)) * 40),
        [],
        ["row 1", "not a text file", "opportunity_id"],
    ),
    "missing required column": (
        "snapshots",
        _text(SNAP_HEADER.replace(",amount", "") + "2026-01-12,O1,S01,60,2026-03-31,pipeline\n"),
        [],
        ["row 1", "column 'amount'", "opportunity amount", "金额"],
    ),
    "non-numeric amount": (
        "snapshots",
        _text(
            "snapshot_date,opportunity_id,rep,stage,Amount,close_date\n"
            "2026-01-12,O1,S01,60,100,2026-03-31\n"
            "2026-01-12,O2,S01,60,about 5k,2026-03-31\n"
        ),
        [],
        ["row 3", "column 'Amount'", "about 5k", "not an amount"],
    ),
    "impossible date": (
        "snapshots",
        _text(SNAP_HEADER + GOOD_ROW.replace("2026-03-31", "2026-02-30")),
        [],
        ["row 2", "column 'close_date'", "2026-02-30", "not a real date"],
    ),
    "stage outside 0-100": (
        "snapshots",
        _text(SNAP_HEADER + GOOD_ROW.replace(",60,", ",160,")),
        [],
        ["row 2", "column 'stage'", "160", "outside 0–100"],
    ),
    "unknown category": (
        "snapshots",
        _text(SNAP_HEADER + GOOD_ROW.replace("pipeline", "maybe")),
        [],
        ["row 2", "column 'forecast_category'", "maybe", "not a forecast category"],
    ),
    "ragged row": (
        "snapshots",
        _text(SNAP_HEADER + GOOD_ROW + "2026-01-12,O2,S01,60,100\n"),
        [],
        ["row 3", "column 'close_date'", "fewer fields than the header"],
    ),
    "unterminated quote": (
        "snapshots",
        _text(SNAP_HEADER + GOOD_ROW + '2026-01-12,"O2,S01,60,100,2026-03-31,pipeline\n'),
        [],
        ["row 3", "column 'opportunity_id'", "quote that is never closed"],
    ),
    "week_start not a Monday": (
        "calls",
        _text("rep,week_start,submitted_at,commit\nS01,2026-01-07,2026-01-04 18:00,100\n"),
        [],
        ["row 2", "column 'week_start'", "2026-01-07 is a Wednesday", "2026-01-05"],
    ),
    "rep with no region anywhere": (
        "snapshots",
        _text(SNAP_HEADER + GOOD_ROW + GOOD_ROW.replace("O1,S01", "O2,Zoe Ma")),
        [],
        ["row 3", "column 'rep'", "Zoe Ma", "no region column", "load a reps file first"],
    ),
    "snapshot date already stored": (
        "snapshots",
        _text(SNAP_HEADER + GOOD_ROW.replace("2026-01-12", "2026-01-05")),
        [],
        ["row 2", "column 'snapshot_date'", "already stored (load 2)", "--replace"],
    ),
    "snapshot without a date": (
        "snapshots",
        _text("opportunity_id,rep,stage,amount,close_date\nO1,S01,60,100,2026-03-31\n"),
        [],
        ["row 1", "column 'snapshot_date'", "--snapshot-date"],
    ),
    "unknown rep in bookings": (
        "bookings",
        _text("order_id,rep,booked_date,amount\nSO-1,S01,2026-01-07,5\nSO-2,Nobody,2026-01-07,5\n"),
        [],
        ["row 3", "column 'rep'", "Nobody", "unknown rep", "load reps first"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_refused_file_leaves_the_store_unchanged(db: Path, tmp_path: Path, case: str) -> None:
    table, make, extra, expected = CASES[case]
    path = tmp_path / "input.csv"
    make(path)
    before = fingerprint(db)
    result = run_cli("ingest", table, str(path), *extra, db=db)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "refused, nothing was loaded" in result.stderr
    for text in expected:
        assert text in result.stderr, f"{text!r} not in:\n{result.stderr}"
    assert fingerprint(db) == before


def test_the_same_snapshot_loads_with_replace(db: Path, tmp_path: Path) -> None:
    """The refused snapshot date loads with --replace; the store then holds the new rows only."""
    path = tmp_path / "again.csv"
    path.write_text(
        SNAP_HEADER + GOOD_ROW.replace("2026-01-12", "2026-01-05").replace("100", "250")
    )
    result = run_cli("ingest", "snapshots", str(path), "--replace", db=db)
    assert result.returncode == 0, result.stderr
    assert "replaced snapshot 2026-01-05" in result.stdout
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT snapshot_date, amount FROM snapshots").fetchall()
    finally:
        con.close()
    assert [(str(d), float(a)) for d, a in rows] == [("2026-01-05", 250.0)]
