"""`forecast-desk backfill --history`: snapshots replayed from field history, row by row.

A Salesforce Opportunity export with its OpportunityHistory, the same story as
OpportunityFieldHistory, and a HubSpot deals export with its property history, all written by
hand. The expected rows follow each change to the snapshot of the Sunday on or after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from analytics.backfill import BackfillRequest, backfill_file, rebuilt_range
from analytics.errors import LoadError
from analytics.metrics import MetricQuery, get_metric
from analytics.metrics.waterfall import waterfall
from analytics.store import Store
from tests.analytics.fixtures import add_reps

OWNER = "005Hs00000A1bCdIAJ"
OPPORTUNITIES = f"""Id,Name,AccountId,OwnerId,StageName,Amount,Probability,CloseDate,CreatedDate,ForecastCategoryName,IsClosed,IsWon
006Hs00001AaAaAIAV,Acme expansion,001Hs0000A1,{OWNER},Closed Won,62000,100,2026-11-18,2026-09-01T09:00:00.000+0000,Closed,true,true
006Hs00001BbBbBIAV,Globex renewal,001Hs0000B2,{OWNER},Closed Lost,20000,0,2026-11-10,2026-09-10T11:00:00.000+0000,Omitted,true,false
006Hs00001CcCcCIAV,Initech new logo,001Hs0000C3,{OWNER},Id. Decision Makers,15000,60,2026-12-20,2026-10-05T08:30:00.000+0000,Pipeline,false,false
"""
A, B, C = "006Hs00001AaAaAIAV", "006Hs00001BbBbBIAV", "006Hs00001CcCcCIAV"
HISTORY = f"""Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,ExpectedRevenue,CloseDate,Probability,ForecastCategory,IsDeleted
008Hs01,{A},005Hs0U1,2026-09-01T09:00:00.000+0000,Prospecting,50000,5000,2026-10-15,10,Pipeline,false
008Hs02,{A},005Hs0U1,2026-09-20T10:00:00.000+0000,Value Proposition,60000,30000,2026-10-15,50,Pipeline,false
008Hs03,{A},005Hs0U1,2026-10-10T15:30:00.000+0000,Value Proposition,60000,30000,2026-11-20,50,Pipeline,false
008Hs04,{A},005Hs0U1,2026-11-05T08:00:00.000+0000,Negotiation/Review,60000,54000,2026-11-20,90,Forecast,false
008Hs05,{A},005Hs0U1,2026-11-18T16:45:00.000+0000,Closed Won,62000,62000,2026-11-18,100,Closed,false
008Hs06,{B},005Hs0U1,2026-09-10T11:00:00.000+0000,Qualification,20000,2000,2026-10-31,10,Pipeline,false
008Hs07,{B},005Hs0U1,2026-10-20T09:15:00.000+0000,Qualification,20000,2000,2026-12-15,10,Pipeline,false
008Hs08,{B},005Hs0U1,2026-11-10T14:00:00.000+0000,Closed Lost,20000,0,2026-11-10,0,Omitted,false
"""
FIELD_HISTORY = f"""Id,OpportunityId,CreatedById,CreatedDate,Field,DataType,OldValue,NewValue,IsDeleted
017Hs01,{A},005Hs0U1,2026-09-01T09:00:00.000+0000,created,Text,,,false
017Hs02,{A},005Hs0U1,2026-09-20T10:00:00.000+0000,StageName,Picklist,Prospecting,Value Proposition,false
017Hs03,{A},005Hs0U1,2026-09-20T10:00:00.000+0000,Amount,Currency,50000,60000,false
017Hs04,{A},005Hs0U1,2026-10-10T15:30:00.000+0000,CloseDate,Date,2026-10-15,2026-11-20,false
017Hs05,{A},005Hs0U1,2026-11-05T08:00:00.000+0000,StageName,Picklist,Value Proposition,Negotiation/Review,false
017Hs06,{A},005Hs0U1,2026-11-05T08:00:00.000+0000,ForecastCategoryName,Picklist,Pipeline,Commit,false
017Hs07,{A},005Hs0U1,2026-11-18T16:45:00.000+0000,StageName,Picklist,Negotiation/Review,Closed Won,false
017Hs08,{A},005Hs0U1,2026-11-18T16:45:00.000+0000,Amount,Currency,60000,62000,false
017Hs09,{A},005Hs0U1,2026-11-18T16:45:00.000+0000,CloseDate,Date,2026-11-20,2026-11-18,false
017Hs10,{A},005Hs0U1,2026-11-18T16:45:00.000+0000,ForecastCategoryName,Picklist,Commit,Closed,false
017Hs11,{A},005Hs0U1,2026-11-19T10:00:00.000+0000,Owner,EntityId,Ann Lee,Bo Chen,false
"""
TO = date(2026, 11, 22)  # a Sunday; the first: 2026-09-06 (the Sunday after 09-01)
WEEKS = [
    "2026-09-06", "2026-09-13", "2026-09-20", "2026-09-27", "2026-10-04", "2026-10-11",
    "2026-10-18", "2026-10-25", "2026-11-01", "2026-11-08", "2026-11-15", "2026-11-22",
]  # fmt: skip
# 006…A week by week: (stage, amount, close date, category)
ACME = [
    (10.0, "50000", "2026-10-15", "pipeline"),  # 09-06: created 09-01 at Prospecting
    (10.0, "50000", "2026-10-15", "pipeline"),  # 09-13
    (50.0, "60000", "2026-10-15", "pipeline"),  # 09-20: the change at 10:00 that Sunday counts
    (50.0, "60000", "2026-10-15", "pipeline"),  # 09-27
    (50.0, "60000", "2026-10-15", "pipeline"),  # 10-04
    (50.0, "60000", "2026-11-20", "pipeline"),  # 10-11: close date slipped 10-15 -> 11-20
    (50.0, "60000", "2026-11-20", "pipeline"),  # 10-18
    (50.0, "60000", "2026-11-20", "pipeline"),  # 10-25
    (50.0, "60000", "2026-11-20", "pipeline"),  # 11-01
    (90.0, "60000", "2026-11-20", "commit"),  # 11-08: Negotiation/Review, Forecast = commit
    (90.0, "60000", "2026-11-20", "commit"),  # 11-15
    (100.0, "62000", "2026-11-18", "won"),  # 11-22: Closed Won 11-18 at 62000
]


def _load(tmp_path: Path, history_text: str, name: str) -> Store:
    store = Store(":memory:")  # the default settings, with their stage names
    add_reps(store, [(OWNER, "West")])
    (tmp_path / "Opportunity.csv").write_text(OPPORTUNITIES, encoding="utf-8")
    (tmp_path / name).write_text(history_text, encoding="utf-8")
    backfill_file(
        store,
        BackfillRequest(path=tmp_path / "Opportunity.csv", history=tmp_path / name, date_to=TO),
    )
    return store


@pytest.fixture(scope="module")
def salesforce(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = _load(tmp_path_factory.mktemp("sf"), HISTORY, "OpportunityHistory.csv")
    yield store
    store.close()


def _deal(store: Store, opp: str) -> list[tuple]:
    return (
        store.cursor()
        .execute(
            "SELECT strftime(snapshot_date, '%Y-%m-%d'), stage, CAST(amount AS INTEGER)::VARCHAR, "
            "strftime(close_date, '%Y-%m-%d'), forecast_category FROM snapshots "
            "WHERE opportunity_id = $o ORDER BY snapshot_date",
            {"o": opp},
        )
        .fetchall()
    )


def test_opportunity_history_replays_each_week(salesforce: Store) -> None:
    assert _deal(salesforce, A) == [(w, *row) for w, row in zip(WEEKS, ACME, strict=True)]
    globex = [
        # created 09-10: from 09-13; Qualification 10 closing 10-31 …
        *[(w, 10.0, "20000", "2026-10-31", "pipeline") for w in WEEKS[1:7]],
        # … slipped 10-20 to 12-15 (seen from 10-25) …
        *[(w, 10.0, "20000", "2026-12-15", "pipeline") for w in WEEKS[7:10]],
        # … Closed Lost 11-10: a lost stage name wins over the category Omitted
        *[(w, 0.0, "20000", "2026-11-10", "lost") for w in WEEKS[10:]],
    ]
    assert _deal(salesforce, B) == globex
    # no history: the extract's values from its created date (10-05) on
    assert _deal(salesforce, C) == [(w, 60.0, "15000", "2026-12-20", "pipeline") for w in WEEKS[5:]]


def test_slips_are_real(salesforce: Store) -> None:
    m11 = get_metric("M11")
    slipped = {
        day: int(
            m11.compute(salesforce, MetricQuery(as_of=date.fromisoformat(day)))[
                "slipped_deals"
            ].iloc[0]
        )
        for day in ("2026-10-04", "2026-10-11", "2026-10-18", "2026-10-25")
    }
    # 006…A slipped October -> November in the snapshot of 10-11, 006…B October -> December in 10-25
    assert slipped == {"2026-10-04": 0, "2026-10-11": 1, "2026-10-18": 0, "2026-10-25": 1}
    w = waterfall(
        salesforce,
        MetricQuery(
            s0=date(2026, 10, 4),
            s1=date(2026, 10, 11),
            date_from=date(2026, 10, 1),
            date_to=date(2026, 10, 31),
        ),
    )
    amounts = {k: int(v) for k, v in w.amounts.items()}
    # October window: start A 60000 + B 20000; A pushed out at its s0 amount; end B 20000
    assert amounts == {
        "start": 80000, "new": 0, "pulled_in": 0, "increased": 0, "decreased": 0,
        "pushed_out": 60000, "won": 0, "lost": 0, "end": 20000,
    }  # fmt: skip
    assert rebuilt_range(salesforce) is None  # exact history: nothing to warn about
    kinds = salesforce.cursor().execute("SELECT table_name, file_name FROM loads").fetchall()
    assert kinds[-1] == ("backfill_history", "Opportunity.csv + OpportunityHistory.csv")


def test_field_history_gives_the_same_weeks(tmp_path: Path) -> None:
    store = _load(tmp_path, FIELD_HISTORY, "OpportunityFieldHistory.csv")
    assert _deal(store, A) == [(w, *row) for w, row in zip(WEEKS, ACME, strict=True)]
    # 006…B has no field history: the rules — open stage 25 until its close date 11-10, then lost
    assert _deal(store, B)[0] == ("2026-09-13", 25.0, "20000", "2026-11-10", "pipeline")
    assert _deal(store, B)[-1] == ("2026-11-22", 0.0, "20000", "2026-11-10", "lost")
    notes = store.cursor().execute("SELECT notes FROM loads").fetchall()[-1][0]
    assert "history rows of other fields ignored: Owner (1), created (1)" in notes
    store.close()


HUBSPOT_DEALS = """Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner,Pipeline
9001,Umbrella pilot,Qualified To Buy,9500,2026-11-27,2026-09-02 08:00,Anna Schmidt,Sales Pipeline
"""
HUBSPOT_HISTORY = """Deal ID,Property,Value,Timestamp,Source type
9001,dealstage,appointmentscheduled,2026-09-02T08:00:00.000Z,CRM_UI
9001,amount,8000,2026-09-02T08:00:00.000Z,CRM_UI
9001,closedate,2026-10-30T00:00:00.000Z,2026-09-02T08:00:00.000Z,CRM_UI
9001,hubspot_owner_id,31337,2026-09-02T08:00:00.000Z,CRM_UI
9001,dealstage,qualifiedtobuy,2026-09-25T13:00:00.000Z,CRM_UI
9001,hs_deal_stage_probability,0.4,2026-09-25T13:00:00.000Z,CALCULATED
9001,closedate,2026-11-27T00:00:00.000Z,2026-10-14T09:00:00.000Z,CRM_UI
9001,amount,9500,2026-10-14T09:00:00.000Z,CRM_UI
"""


def test_hubspot_property_history(tmp_path: Path) -> None:
    store = Store(":memory:")  # the default settings, with their stage names
    # HubSpot writes the owner's name: the rep's id is the e-mail, the name matches
    store.cursor().execute(
        "INSERT INTO reps (rep, name, region, source, load_id) "
        "VALUES ('anna@example.com', 'Anna Schmidt', 'West', 'reps', 1)"
    )
    (tmp_path / "deals.csv").write_text(HUBSPOT_DEALS, encoding="utf-8")
    (tmp_path / "history.csv").write_text(HUBSPOT_HISTORY, encoding="utf-8")
    backfill_file(
        store,
        BackfillRequest(path=tmp_path / "deals.csv", history=tmp_path / "history.csv", date_to=TO),
    )
    assert _deal(store, "9001") == [
        # appointmentscheduled = 20, 8000, closing 10-30 (09-06 … 09-20)
        *[(w, 20.0, "8000", "2026-10-30", "pipeline") for w in WEEKS[:3]],
        # qualifiedtobuy = 40 from 09-25 (09-27 … 10-11)
        *[(w, 40.0, "8000", "2026-10-30", "pipeline") for w in WEEKS[3:6]],
        # 10-14: close date 11-27 and amount 9500 (10-18 …)
        *[(w, 40.0, "9500", "2026-11-27", "pipeline") for w in WEEKS[6:]],
    ]
    assert store.cursor().execute("SELECT rep FROM snapshots LIMIT 1").fetchone() == (
        "anna@example.com",
    )
    store.close()


def test_an_unreadable_history_value_refuses_everything(tmp_path: Path) -> None:
    bad = HISTORY.replace(
        "2026-10-10T15:30:00.000+0000,Value Proposition", "2026-10-10T15:30:00.000+0000,Value Prop"
    )
    store = Store(":memory:")  # the default settings, with their stage names
    add_reps(store, [(OWNER, "West")])
    (tmp_path / "Opportunity.csv").write_text(OPPORTUNITIES, encoding="utf-8")
    (tmp_path / "OpportunityHistory.csv").write_text(bad, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        backfill_file(
            store,
            BackfillRequest(
                path=tmp_path / "Opportunity.csv",
                history=tmp_path / "OpportunityHistory.csv",
                date_to=TO,
            ),
        )
    text = str(caught.value)
    assert "OpportunityHistory.csv" in text and "row 4" in text and "StageName" in text
    assert "'Value Prop'" in text and "--stage" in text
    counts = store.table_counts()
    assert (counts["snapshots"], counts["bookings"], counts["loads"]) == (0, 0, 0)
    store.close()


def test_a_file_of_another_shape_is_not_taken_for_history(tmp_path: Path) -> None:
    store = Store(":memory:")
    add_reps(store, [(OWNER, "West")])
    (tmp_path / "Opportunity.csv").write_text(OPPORTUNITIES, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        backfill_file(
            store,
            BackfillRequest(
                path=tmp_path / "Opportunity.csv",
                history=tmp_path / "Opportunity.csv",
                date_to=TO,
                history_name="Opportunity.csv",
            ),
        )
    text = str(caught.value)
    assert "row 1" in text and "is not a history export" in text
    assert "OpportunityHistory" in text and "OpportunityFieldHistory" in text and "HubSpot" in text
    assert store.table_counts()["snapshots"] == 0
    store.close()


def test_dates_without_a_snapshot_weekday_are_refused(tmp_path: Path) -> None:
    from analytics.errors import UsageError

    store = Store(":memory:")
    add_reps(store, [(OWNER, "West")])
    (tmp_path / "Opportunity.csv").write_text(OPPORTUNITIES, encoding="utf-8")
    for start, end in ((date(2026, 11, 23), date(2026, 11, 28)), (date(2026, 11, 30), TO)):
        with pytest.raises(UsageError):
            backfill_file(
                store,
                BackfillRequest(path=tmp_path / "Opportunity.csv", date_from=start, date_to=end),
            )
    assert store.table_counts()["loads"] == 0
    store.close()
