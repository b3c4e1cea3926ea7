"""Opt-in rejects: the good rows load, every refused row goes to a file with `row` and `reason`.

The file is shaped like a HubSpot "all deals" export in which some amounts are empty (HubSpot
leaves the amount of many deals empty) and one owner is unknown.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from analytics.errors import LoadError
from analytics.ingest import ingest_file
from analytics.store import Store
from tests.conftest import run_cli

REPS = "rep,name,region\nH1,Ann Lee,North\nH2,Bo Wang,East\n"
DEALS = (
    "Record ID,Deal Name,Deal Stage,Amount,Close Date,Deal owner,Create Date,Forecast category\n"
    "101,Router,appointmentscheduled,5000,2026-12-31,Ann Lee,2026-10-02,PIPELINE\n"  # row 2
    "102,Switch,contractsent,,2026-12-15,Bo Wang,2026-10-03,COMMIT\n"  # row 3: no amount
    "103,Cloud,closedwon,9000,2026-11-09,Ann Lee,2026-09-03,CLOSED\n"  # row 4
    "104,Cams,qualifiedtobuy,700,someday,Bo Wang,2026-10-03,PIPELINE\n"  # row 5: bad date
    "105,Mesh,qualifiedtobuy,800,2026-12-20,Zed Nobody,2026-10-03,PIPELINE\n"  # row 6
    "106,Mesh 2,qualifiedtobuy,900,2026-12-21,Zed Nobody,2026-10-03,PIPELINE\n"  # row 7
)


def _files(tmp_path: Path) -> tuple[Path, Path]:
    reps, deals = tmp_path / "reps.csv", tmp_path / "all-deals.csv"
    reps.write_text(REPS, encoding="utf-8")
    deals.write_text(DEALS, encoding="utf-8")
    return reps, deals


def test_the_good_rows_load_and_the_refused_ones_are_written(store: Store, tmp_path: Path) -> None:
    reps, deals = _files(tmp_path)
    ingest_file(store, "reps", reps)
    with pytest.raises(LoadError):  # by default: whole or nothing
        ingest_file(store, "snapshots", deals, snapshot_date=date(2026, 11, 23))
    assert store.table_counts()["snapshots"] == 0
    out = tmp_path / "rejected.csv"
    report = ingest_file(store, "snapshots", deals, snapshot_date=date(2026, 11, 23), rejects=out)
    assert report.rows == 2 and report.rejected == 4
    cur = store.cursor()
    assert sorted(r for (r,) in cur.execute("SELECT opportunity_id FROM snapshots").fetchall()) == [
        "101",
        "103",
    ]
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["row"] for r in rows] == ["3", "5", "6", "7"]
    assert rows[0]["Record ID"] == "102" and rows[0]["Deal Name"] == "Switch"  # its own columns
    assert "Amount" in rows[0]["reason"]
    assert "Close Date: 'someday'" in rows[1]["reason"]
    assert "Zed Nobody" in rows[2]["reason"]
    assert "left out with the other rows of a refused rep" in rows[3]["reason"]
    note = next(n for n in report.notes if "left out (--rejects)" in n)
    assert note.startswith("4 rows left out") and "rejected.csv" in note
    logged = cur.execute("SELECT notes FROM loads WHERE load_id = ?", [report.load_id]).fetchone()
    assert "4 rows left out" in logged[0]


def test_a_file_whose_every_row_is_refused_is_refused(store: Store, tmp_path: Path) -> None:
    reps, _ = _files(tmp_path)
    ingest_file(store, "reps", reps)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "order_id,rep,booked_date,amount\nX1,H1,not-a-date,100\nX2,H1,2026-01-05,abc\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError, match="every row has a problem"):
        ingest_file(store, "bookings", bad, rejects=tmp_path / "out.csv")
    assert store.table_counts()["bookings"] == 0


def test_the_command_line_takes_rejects(db_path: Path, tmp_path: Path) -> None:
    reps, deals = _files(tmp_path)
    assert run_cli("ingest", "reps", str(reps), db=db_path).returncode == 0
    out = tmp_path / "left-out.csv"
    loaded = run_cli(
        "ingest", "snapshots", str(deals), "--snapshot-date", "2026-11-23", "--rejects", str(out),
        db=db_path,
    )  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    assert "loaded 2 rows" in loaded.stdout and "4 rows left out" in loaded.stdout
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].endswith(",row,reason")
