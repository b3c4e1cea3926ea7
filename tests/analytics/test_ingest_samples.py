"""The sample files load, in the documented order, into an empty store."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from analytics.ingest import ingest_file
from analytics.store import Store
from tests.conftest import ROOT

SAMPLES = ROOT / "data" / "samples"
ORDER: list[tuple[str, str, date | None]] = [
    ("reps", "reps.csv", None),
    ("targets", "targets.csv", None),
    ("snapshots", "snapshots.csv", None),
    ("snapshots", "salesforce_opportunities_report.csv", date(2026, 11, 23)),
    ("bookings", "bookings.csv", None),
    ("calls", "calls.csv", None),
    ("calls", "calls_rollup.csv", None),
    ("forecasts", "forecasts.csv", None),
]


def test_samples_load_in_order_into_an_empty_store(store: Store) -> None:
    reports = [
        ingest_file(store, table, SAMPLES / name, snapshot_date=day) for table, name, day in ORDER
    ]
    assert [r.rows for r in reports] == [
        6,  # S01-S06
        18,  # 6 reps x 3 months
        33,  # 9 deals on 2026-10-05, 12 on 2026-11-09, 12 on 2026-11-16
        13,  # the Salesforce report of 2026-11-23
        9,
        12,  # 6 reps x 2 weeks
        11,  # 2 weeks x (2 managers + 2 regions + the company) + Mia Chen's second call
        72,  # 6 reps x 12 months
    ]
    counts = store.table_counts()
    assert counts["snapshots"] == 33 + 13
    assert counts["loads"] == 8
    cur = store.cursor()
    # every owner of the Salesforce report is a sample rep, matched by name
    assert cur.execute("SELECT count(*) FROM reps WHERE source = 'derived'").fetchone() == (0,)
    reps = cur.execute(
        "SELECT DISTINCT rep FROM snapshots WHERE snapshot_date = DATE '2026-11-23' ORDER BY 1"
    ).fetchall()
    assert [r[0] for r in reps] == ["S01", "S02", "S03", "S04", "S05", "S06"]
    regions = cur.execute("SELECT DISTINCT region FROM rep_dim ORDER BY 1").fetchall()
    assert regions == [("East",), ("North",)]
    sf = reports[3]
    assert sf.snapshot_dates == (date(2026, 11, 23),)
    assert "5 footer lines of a Salesforce report skipped (from row 15)" in sf.notes


def test_the_loading_doc_names_every_sample_with_a_working_command() -> None:
    doc = (ROOT / "docs" / "loading.md").read_text(encoding="utf-8")
    commands = re.findall(r"forecast-desk ingest (\w+)\s+data/samples/(\S+)", doc)
    assert [(t, n) for t, n, _ in ORDER] == commands
    assert {p.name for p in SAMPLES.glob("*.csv")} == {n for _, n, _ in ORDER}
    assert "--snapshot-date 2026-11-23" in doc


def test_samples_are_small_and_plain(tmp_path: Path) -> None:
    for path in SAMPLES.glob("*.csv"):
        assert path.stat().st_size < 20_000, path.name
