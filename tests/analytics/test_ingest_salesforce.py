"""Salesforce semantics on files written like real exports (API names, stored picklist values).

Salesforce stores the forecast category Commit as `Forecast` and Best Case as `BestCase` in the
API field ForecastCategory, and files Closed Lost deals under the category Omitted (it has no
Lost category); IsClosed/IsWon say how a deal ended. Each test writes such a file and checks
the stored category against what Salesforce means.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.errors import LoadError
from analytics.ingest import ingest_file
from analytics.store import Store

REPS = "rep,name,region\n0055g000001AAA,Ann Lee,North\n"
API_HEADER = (
    "Id,Name,AccountId,OwnerId,StageName,Probability,Amount,CloseDate,CreatedDate,"
    "ForecastCategory,ForecastCategoryName,IsClosed,IsWon\n"
)


def _store(store: Store, tmp_path: Path) -> Store:
    path = tmp_path / "reps.csv"
    path.write_text(REPS, encoding="utf-8")
    ingest_file(store, "reps", path)
    return store


def _categories(store: Store) -> dict[str, str]:
    cur = store.cursor()
    return dict(cur.execute("SELECT opportunity_id, forecast_category FROM snapshots").fetchall())


def test_api_values_and_closed_lost_as_salesforce_means_them(store: Store, tmp_path: Path) -> None:
    rows = [
        # id, stage, probability, ForecastCategory, ForecastCategoryName, IsClosed, IsWon
        ("0061", "Negotiation/Review", 90, "Forecast", "Commit", "false", "false"),
        ("0062", "Proposal/Price Quote", 75, "BestCase", "Best Case", "false", "false"),
        ("0063", "Qualification", 10, "Pipeline", "Pipeline", "false", "false"),
        ("0064", "Closed Won", 100, "Closed", "Closed", "true", "true"),
        ("0065", "Closed Lost", 0, "Omitted", "Omitted", "true", "false"),
        ("0066", "Dead - no budget", 0, "Omitted", "Omitted", "true", "false"),  # custom stage
        ("0067", "Value Proposition", 50, "Omitted", "Omitted", "false", "false"),
    ]
    text = API_HEADER + "".join(
        f"{i},Deal {i},001A,0055g000001AAA,{s},{p},1000,2026-12-15,2026-09-01,{fc},{fcn},{c},{w}\n"
        for i, s, p, fc, fcn, c, w in rows
    )
    path = tmp_path / "opportunities.csv"
    path.write_text(text, encoding="utf-8")
    ingest_file(_store(store, tmp_path), "snapshots", path, snapshot_date=_d())
    assert _categories(store) == {
        "0061": "commit",  # 'Forecast' is Salesforce's stored value for Commit
        "0062": "upside",  # 'BestCase'
        "0063": "pipeline",
        "0064": "won",
        "0065": "lost",  # Closed Lost, filed under Omitted
        "0066": "lost",  # closed and not won, whatever the stage is called
        "0067": "omitted",  # an open deal kept out of the forecast stays omitted
    }


def test_a_lost_stage_name_wins_over_the_category_without_flags(
    store: Store, tmp_path: Path
) -> None:
    text = (
        "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Forecast Category\n"
        "Q1,Ann Lee,Closed Lost,45000,12/18/2026,Omitted\n"
        "Q2,Ann Lee,Closed Won,10000,11/18/2026,Closed\n"
    )
    path = tmp_path / "report.csv"
    path.write_text(text, encoding="utf-8")
    ingest_file(_store(store, tmp_path), "snapshots", path, snapshot_date=_d())
    assert _categories(store) == {"Q1": "lost", "Q2": "won"}


def test_a_flag_that_is_not_yes_or_no_is_refused_naming_row_and_column(
    store: Store, tmp_path: Path
) -> None:
    text = API_HEADER + (
        "0061,Deal,001A,0055g000001AAA,Closed Lost,0,1000,2026-12-15,2026-09-01,"
        "Omitted,Omitted,maybe,false\n"
    )
    path = tmp_path / "opportunities.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as refused:
        ingest_file(_store(store, tmp_path), "snapshots", path, snapshot_date=_d())
    error = refused.value.errors[0]
    assert (error.row, error.column, error.value) == (
        2,
        "IsClosed",
        "maybe",
    )  # as the file names it
    assert store.table_counts()["snapshots"] == 0


def test_the_sample_report_stores_its_closed_lost_deal_as_lost(
    store: Store, tmp_path: Path
) -> None:
    from tests.conftest import ROOT

    samples = ROOT / "data" / "samples"
    ingest_file(store, "reps", samples / "reps.csv")
    ingest_file(
        store, "snapshots", samples / "salesforce_opportunities_report.csv", snapshot_date=_d()
    )
    assert _categories(store)["0065g00000Q1005"] == "lost"  # Closed Lost, category Omitted


def _d():  # the snapshot date the user gives at upload
    from datetime import date

    return date(2026, 11, 23)


def test_deals_created_after_they_closed_are_noted_and_left_out_of_m17(
    store: Store, tmp_path: Path
) -> None:
    from datetime import date

    from analytics.metrics import get_metric
    from analytics.metrics.base import MetricQuery

    _store(store, tmp_path)
    snaps = tmp_path / "snaps.csv"
    snaps.write_text(
        "snapshot_date,opportunity_id,rep,stage,amount,close_date,created_date,forecast_category\n"
        "2026-11-23,A,Ann Lee,90,100,2026-12-20,2026-10-01,commit\n"
        "2026-11-23,B,Ann Lee,90,100,2026-12-20,2026-12-25,commit\n",  # created after close
        encoding="utf-8",
    )
    report = ingest_file(store, "snapshots", snaps)
    note = next(str(n) for n in report.notes if "created date after the close date" in str(n))
    assert note.startswith("1 row with") and "row 3" in note
    bookings = tmp_path / "bookings.csv"
    bookings.write_text(
        "order_id,opportunity_id,rep,booked_date,amount\n"
        "X1,A,Ann Lee,2026-11-20,100\nX2,B,Ann Lee,2026-11-20,100\n",
        encoding="utf-8",
    )
    ingest_file(store, "bookings", bookings)
    m17 = (
        get_metric("M17")
        .compute(store, MetricQuery(by="company", as_of=date(2026, 11, 30)))
        .iloc[0]
    )
    # Both were won on Nov 20. A: Oct 1 → Nov 20 = 50 days; B (created Dec 25) is left out.
    assert m17["avg_cycle_days"] == 50


def test_a_new_rep_without_a_region_column_says_add_one(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "snaps.csv"
    path.write_text(
        "snapshot_date,opportunity_id,rep,stage,amount,close_date\n"
        "2026-11-02,A,Nobody Known,50,100,2026-12-20\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as refused:
        ingest_file(store, "snapshots", path)
    message = refused.value.errors[0].message
    assert "add a region column, or load a reps file first (forecast-desk ingest reps" in message
