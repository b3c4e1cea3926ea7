"""The backfill samples of data/samples/ load as the README shows, and their script rewrites them."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from analytics.backfill import BackfillRequest, backfill_file, rebuilt_range
from analytics.ingest import ingest_file
from analytics.store import Store
from tests.conftest import ROOT

SAMPLES = ROOT / "data" / "samples" / "backfill"
FILES = (
    "maven_sales_teams.csv",
    "maven_sales_pipeline.csv",
    "salesforce_reps.csv",
    "salesforce_Opportunity.csv",
    "salesforce_OpportunityHistory.csv",
)


def test_the_script_writes_the_committed_samples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "HERE", tmp_path)
    import random

    module.maven(random.Random(2017))
    module.salesforce(random.Random(2026))
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), name


@pytest.mark.slow
def test_maven_sample(store: Store) -> None:
    ingest_file(
        store,
        "reps",
        SAMPLES / "maven_sales_teams.csv",
        column_map={"sales_agent": "rep", "regional_office": "region"},
    )
    report = backfill_file(
        store,
        BackfillRequest(
            path=SAMPLES / "maven_sales_pipeline.csv",
            date_to=date(2017, 12, 31),
            column_map={
                "sales_agent": "rep",
                "close_value": "amount",
                "engage_date": "created_date",
            },
            stages={"Engaging": 40},
        ),
    )
    # 300 deals, 127 of them Won (a booking each); the Sundays from the first engage date on
    assert (report.deals, report.bookings) == (300, 127)
    assert report.last == date(2017, 12, 31) and report.first.weekday() == 6
    assert rebuilt_range(store) == (report.first, report.last)


@pytest.mark.slow
def test_salesforce_sample_has_real_slips(store: Store) -> None:
    ingest_file(store, "reps", SAMPLES / "salesforce_reps.csv")
    report = backfill_file(
        store,
        BackfillRequest(
            path=SAMPLES / "salesforce_Opportunity.csv",
            history=SAMPLES / "salesforce_OpportunityHistory.csv",
            date_to=date(2026, 11, 29),
        ),
    )
    assert report.deals == 24 and report.kind == "backfill_history"
    slipped = (
        store.cursor().execute("SELECT count(*) FROM deal_history WHERE slipped_last").fetchone()
    )
    assert slipped is not None and slipped[0] > 0
    assert rebuilt_range(store) is None
