"""Column mapping (`--map SOURCE=COLUMN`) and stage names for one load (`--stage NAME=PROB`).

The file is shaped like the Maven "CRM Sales Opportunities" extract (written here): its
headers `opportunity_id, sales_agent, product, account, deal_stage, engage_date, close_date,
close_value` name no contract column for the rep or the amount, and its stages (Prospecting,
Engaging, Won, Lost) are partly unknown to the settings.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from analytics.errors import LoadError, UsageError
from analytics.ingest import ingest_file
from analytics.store import Store
from tests.conftest import run_cli

REPS = "rep,name,region\nM1,Moses Frase,Central\nD1,Darcel Schlecht,East\n"
MAVEN = (
    "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n"
    "1C1I7A6R,Moses Frase,GTX Plus Basic,Cancity,Won,2016-10-20,2016-11-01,1054\n"
    "Z063OYW0,Darcel Schlecht,GTXPro,Isdom,Engaging,2016-10-25,2016-12-15,4514\n"
    "EC4QE1BX,Darcel Schlecht,MG Special,Cancity,Lost,2016-10-25,2016-11-03,0\n"
)
MAPS = {"sales_agent": "rep", "close_value": "amount", "engage_date": "created_date"}


def _files(tmp_path: Path) -> tuple[Path, Path]:
    reps, deals = tmp_path / "reps.csv", tmp_path / "sales_pipeline.csv"
    reps.write_text(REPS, encoding="utf-8")
    deals.write_text(MAVEN, encoding="utf-8")
    return reps, deals


def test_map_and_stage_load_an_extract_as_exported(store: Store, tmp_path: Path) -> None:
    reps, deals = _files(tmp_path)
    ingest_file(store, "reps", reps)
    # Without the mapping the file lacks rep and amount; with it, 'Engaging' is unknown.
    with pytest.raises(LoadError, match="rep"):
        ingest_file(store, "snapshots", deals, snapshot_date=date(2016, 11, 6))
    with pytest.raises(LoadError) as unknown:
        ingest_file(store, "snapshots", deals, snapshot_date=date(2016, 11, 6), column_map=MAPS)
    message = str(unknown.value)
    assert "Engaging" in message and "--stage 'Engaging=PROBABILITY'" in message
    report = ingest_file(
        store,
        "snapshots",
        deals,
        snapshot_date=date(2016, 11, 6),
        column_map=MAPS,
        stages={"Engaging": 40},
    )
    cur = store.cursor()
    rows = cur.execute(
        "SELECT opportunity_id, rep, stage, amount, forecast_category, created_date "
        "FROM snapshots ORDER BY opportunity_id"
    ).fetchall()
    assert rows == [
        ("1C1I7A6R", "M1", 100.0, Decimal("1054.00"), "won", date(2016, 10, 20)),
        ("EC4QE1BX", "D1", 0.0, Decimal("0.00"), "lost", date(2016, 10, 25)),
        ("Z063OYW0", "D1", 40.0, Decimal("4514.00"), "pipeline", date(2016, 10, 25)),
    ]
    notes = cur.execute("SELECT notes FROM loads WHERE load_id = ?", [report.load_id]).fetchone()
    assert (
        "sales_agent → rep" in notes[0] and "stage names for this load: Engaging = 40" in notes[0]
    )


def test_bad_mappings_are_refused_with_the_fix(store: Store, tmp_path: Path) -> None:
    reps, deals = _files(tmp_path)
    ingest_file(store, "reps", reps)
    with pytest.raises(UsageError, match="snapshots has no column 'salesperson'"):
        ingest_file(store, "snapshots", deals, column_map={"sales_agent": "salesperson"})
    with pytest.raises(UsageError, match="the file has no column 'agent'"):
        ingest_file(store, "snapshots", deals, column_map={"agent": "rep"})
    with pytest.raises(UsageError, match=r"two columns to rep \(sales_agent, account\)"):
        ingest_file(store, "snapshots", deals, column_map={"sales_agent": "rep", "account": "rep"})
    with pytest.raises(UsageError, match="a probability is 0 to 100"):
        ingest_file(
            store,
            "snapshots",
            deals,
            snapshot_date=date(2016, 11, 6),
            column_map=MAPS,
            stages={"Engaging": 140},
        )
    assert store.table_counts()["snapshots"] == 0


def test_the_command_line_takes_map_and_stage(db_path: Path, tmp_path: Path) -> None:
    reps, deals = _files(tmp_path)
    assert run_cli("ingest", "reps", str(reps), db=db_path).returncode == 0
    args = ["ingest", "snapshots", str(deals), "--snapshot-date", "2016-11-06"]
    for source, column in MAPS.items():
        args += ["--map", f"{source}={column}"]
    loaded = run_cli(*args, "--stage", "Engaging=40%", db=db_path)
    assert loaded.returncode == 0, loaded.stderr
    assert "columns mapped as given" in loaded.stdout
    bad = run_cli(*args, "--stage", "Engaging", db=db_path)
    assert bad.returncode == 2 and "--stage 'Engaging' is not NAME=PROBABILITY" in bad.stderr


def test_hubspot_owner_e_mails_match_reps_loaded_with_them(store: Store, tmp_path: Path) -> None:
    """HubSpot writes the deal owner as a name, or as the owner's e-mail: a reps file that keeps
    the e-mail as the rep id (and the name in `name`) matches both."""
    reps = tmp_path / "reps.csv"
    reps.write_text(
        "rep,name,region\nann.lee@example.com,Ann Lee,North\nbo.wang@example.com,Bo Wang,East\n",
        encoding="utf-8",
    )
    ingest_file(store, "reps", reps)
    deals = tmp_path / "all-deals.csv"
    deals.write_text(
        "Record ID,Deal Name,Deal Stage,Amount,Close Date,Deal owner,Create Date,"
        "Forecast category,Pipeline\n"
        "101,Router,appointmentscheduled,5000,2026-12-31 00:00,ann.lee@example.com,2026-10-02,"
        "PIPELINE,Sales Pipeline\n"
        "102,Switch,contractsent,7000,2026-12-15 00:00,Bo Wang,2026-10-03,COMMIT,Sales Pipeline\n",
        encoding="utf-8",
    )
    ingest_file(store, "snapshots", deals, snapshot_date=date(2026, 11, 23))
    cur = store.cursor()
    assert cur.execute("SELECT opportunity_id, rep FROM snapshots ORDER BY 1").fetchall() == [
        ("101", "ann.lee@example.com"),
        ("102", "bo.wang@example.com"),
    ]
