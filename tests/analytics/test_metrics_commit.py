"""M1, M1h, M2, M3 and M5 on tiny hand-checked data (weekly commit call)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analytics.metrics import MetricQuery, get_metric
from analytics.metrics.commit import commit_hit_rate, commit_list, commit_quality_share
from analytics.settings import Settings
from analytics.store import Store
from tests.analytics.fixtures import (
    ALL_TRUE,
    add_bookings,
    add_calls,
    add_reps,
    add_snapshots,
    add_targets,
    at,
    make_store,
)
from tests.conftest import run_cli

W1, W2 = "2026-01-05", "2026-01-12"  # two Mondays of FY2026-Q1 (fiscal year = calendar year)


def cell(frame: pd.DataFrame, period: str, scope: str, column: str = "value") -> object:
    """The one value of a (period, scope) row; fails when the row is missing or repeated."""
    rows = frame[(frame["period"] == period) & (frame["scope"] == scope)]
    assert len(rows) == 1, f"expected one row for {period}/{scope}, got {len(rows)}"
    return rows.iloc[0][column]


def run(store: Store, metric: str, **query: object) -> pd.DataFrame:
    return get_metric(metric).compute(store, MetricQuery(**query))  # type: ignore[arg-type]


@pytest.fixture
def weekly() -> Iterator[Store]:
    """Reps a1, a2 in North, b1 in South; calls for two weeks; bookings; stretch targets.

    Calls (commit):  W1: a1 100, a2 50, b1 0      W2: a1 200, (a2 none), b1 80
    Bookings (actual): W1: a1 60 + 40 (Sunday 11th), a2 40, b1 30
                       W2: a1 250, a2 999 (no call that week)
    Not actual: a1 1000 cancelled on the 6th; a1 500 on Sunday the 4th (the week before W1).
    """
    store = make_store()
    add_reps(store, [("a1", "North"), ("a2", "North"), ("b1", "South")])
    add_calls(
        store,
        [
            # rep, week, submitted, commit, upside, month fc, month up, quarter fc, quarter up
            ("a1", W1, at("2026-01-04 18:00"), 100, 30, 1000, 200, 3000, 600),
            ("a2", W1, at("2026-01-05 08:59"), 50, 0, 500, None, 1500, 0),
            ("b1", W1, at("2026-01-05 10:00"), 0),
            ("a1", W2, at("2026-01-11 20:00"), 200, 50, 1100, 300, 3200, 400),
            ("b1", W2, at("2026-01-12 09:00"), 80),
        ],
    )
    add_bookings(
        store,
        [
            ("o1", "d1", "a1", "2026-01-06", 60),
            ("o2", "d2", "a1", "2026-01-11", 40),
            ("o3", "d3", "a2", "2026-01-07", 40),
            ("o4", "d4", "b1", "2026-01-08", 30),
            ("o5", "d5", "a1", "2026-01-14", 250),
            ("o6", "d6", "a2", "2026-01-13", 999),
            ("o7", "d7", "a1", "2026-01-06", 1000, "cancelled"),
            ("o8", "d8", "a1", "2026-01-04", 500),
        ],
    )
    # Stretch per month: a1 1300, a2 650 (North has no own row: 1950); South's own row 260.
    add_targets(
        store,
        [("rep", "a1", f"2026-0{m}", 1000, 1300) for m in (1, 2, 3)]
        + [("rep", "a2", f"2026-0{m}", 500, 650) for m in (1, 2, 3)]
        + [("region", "South", f"2026-0{m}", 200, 260) for m in (1, 2, 3)],
    )
    yield store
    store.close()


# -- M1 ------------------------------------------------------------------------------------------


def test_m1_per_rep_week_with_bands(weekly: Store) -> None:
    out = run(weekly, "M1", by="rep", grain="week")
    assert list(out.columns) == [
        "metric", "period", "scope", "value", "actual", "commit", "status", "calls"
    ]  # fmt: skip
    # a1 W1: (60 + 40) / 100 = 1.00 -> accurate (the cancelled 1000 and Sunday-before 500 excluded)
    assert cell(out, W1, "a1") == pytest.approx(1.0)
    assert cell(out, W1, "a1", "status") == "accurate"
    # a2 W1: 40 / 50 = 0.80 -> over-committed
    assert cell(out, W1, "a2") == pytest.approx(0.8)
    assert cell(out, W1, "a2", "status") == "over_committed"
    # b1 W1: commit 0, actual 30 -> unavailable, uncommitted wins
    assert pd.isna(cell(out, W1, "b1"))
    assert cell(out, W1, "b1", "status") == "uncommitted_wins"
    assert cell(out, W1, "b1", "actual") == 30
    # a1 W2: 250 / 200 = 1.25 -> under-called; b1 W2: 0 / 80 = 0 -> over-committed
    assert cell(out, W2, "a1") == pytest.approx(1.25)
    assert cell(out, W2, "a1", "status") == "under_called"
    assert cell(out, W2, "b1") == pytest.approx(0.0)
    # a2 made no call in W2: left out although it booked 999
    assert ((out["period"] == W2) & (out["scope"] == "a2")).sum() == 0


def test_m1_rolls_up_actual_and_commit_before_dividing(weekly: Store) -> None:
    region = run(weekly, "M1", by="region", grain="week")
    # North W1: (100 + 40) / (100 + 50) = 140 / 150 = 0.9333 -> over-committed
    assert cell(region, W1, "North") == pytest.approx(140 / 150)
    assert cell(region, W1, "North", "status") == "over_committed"
    # South W1: 30 / 0 -> NULL, uncommitted wins
    assert pd.isna(cell(region, W1, "South"))
    company = run(weekly, "M1", by="company", grain="week")
    # W1: (100 + 40 + 30) / (100 + 50 + 0) = 170 / 150 = 1.1333 -> under-called
    assert cell(company, W1, "company") == pytest.approx(170 / 150)
    assert cell(company, W1, "company", "status") == "under_called"
    # Month: Σ actual over called rep-weeks 100 + 40 + 30 + 250 + 0 = 420 (a2's W2 999 left out);
    # Σ commit 100 + 50 + 0 + 200 + 80 = 430; 420 / 430 = 0.9767 -> accurate.
    month = run(weekly, "M1", by="company", grain="month")
    assert cell(month, "2026-01", "company") == pytest.approx(420 / 430)
    assert cell(month, "2026-01", "company", "actual") == 420
    assert cell(month, "2026-01", "company", "commit") == 430
    assert cell(month, "2026-01", "company", "calls") == 5
    assert cell(month, "2026-01", "company", "status") == "accurate"


def test_m1_filters_and_range(weekly: Store) -> None:
    south = run(weekly, "M1", by="company", grain="month", regions=("South",))
    # b1 only: (30 + 0) / (0 + 80) = 0.375
    assert cell(south, "2026-01", "company") == pytest.approx(30 / 80)
    one_rep = run(weekly, "M1", by="rep", grain="week", reps=("a1",), date_from=date(2026, 1, 12))
    assert list(one_rep["period"]) == [W2]
    assert list(one_rep["scope"]) == ["a1"]


def test_m1_band_edges_are_inclusive() -> None:
    store = make_store()
    add_reps(store, [("r1", "N"), ("r2", "N"), ("r3", "N")])
    add_calls(store, [(r, W1, at("2026-01-05 08:00"), 100) for r in ("r1", "r2", "r3")])
    add_bookings(
        store,
        [
            ("o1", None, "r1", "2026-01-05", 95),  # 95 / 100 = 0.95 -> accurate (lower edge)
            ("o2", None, "r2", "2026-01-05", 110),  # 110 / 100 = 1.10 -> accurate (upper edge)
            ("o3", None, "r3", "2026-01-05", 94.99),  # 0.9499 -> over-committed
        ],
    )
    out = run(store, "M1", by="rep", grain="week")
    assert list(out["status"]) == ["accurate", "accurate", "over_committed"]
    hit = run(store, "M1h", by="company", grain="week")
    assert cell(hit, W1, "company") == pytest.approx(2 / 3)


# -- M1h -----------------------------------------------------------------------------------------


def test_m1h_counts_rep_weeks_and_adds_before_dividing(weekly: Store) -> None:
    out = run(weekly, "M1h", by="region", grain="month")
    # Rep-weeks with commit > 0: North a1 W1 (accurate), a2 W1 (over), a1 W2 (under) -> 1 / 3;
    # South b1 W2 (over) -> 0 / 1 (b1 W1 had commit 0 and is not a called week).
    assert cell(out, "2026-01", "North") == pytest.approx(1 / 3)
    assert cell(out, "2026-01", "North", "accurate_weeks") == 1
    assert cell(out, "2026-01", "North", "called_weeks") == 3
    assert cell(out, "2026-01", "South") == pytest.approx(0.0)
    assert cell(out, "2026-01", "South", "uncommitted_win_weeks") == 1
    company = run(weekly, "M1h", by="company", grain="month")
    # (1 + 0) / (3 + 1) = 0.25, not the mean of 1/3 and 0
    assert cell(company, "2026-01", "company") == pytest.approx(0.25)


def test_m1h_unavailable_without_called_weeks(weekly: Store) -> None:
    out = run(weekly, "M1h", by="rep", grain="week", reps=("b1",))
    assert pd.isna(cell(out, W1, "b1"))  # commit 0: no called week
    assert cell(out, W1, "b1", "called_weeks") == 0


def test_commit_hit_rate_over_a_range_per_rep(weekly: Store) -> None:
    out = commit_hit_rate(weekly, MetricQuery(by="rep", grain="quarter"))
    assert list(out.columns) == ["scope", "accurate_weeks", "called_weeks", "value"]
    rows = out.set_index("scope")
    # a1: W1 accurate, W2 under -> 1 / 2; a2: W1 over -> 0 / 1; b1: W2 over -> 0 / 1
    assert rows.loc["a1", "value"] == pytest.approx(0.5)
    assert rows.loc["a2", "value"] == pytest.approx(0.0)
    assert (rows.loc["b1", "accurate_weeks"], rows.loc["b1", "called_weeks"]) == (0, 1)


# -- M2 ------------------------------------------------------------------------------------------


def test_m2_commit_against_linear_share(weekly: Store) -> None:
    rep = run(weekly, "M2", by="rep", grain="week")
    # a1: quarter stretch 3 × 1300 = 3900, linear share 3900 / 13 = 300; W1 100 / 300
    assert cell(rep, W1, "a1") == pytest.approx(100 / 300)
    assert cell(rep, W1, "a1", "linear_share") == pytest.approx(300)
    # a2 made no call in W2: its commit counts 0 against 1950 / 13 = 150
    assert cell(rep, W2, "a2") == pytest.approx(0.0)
    assert cell(rep, W2, "a2", "calls") == 0
    # b1 has no target: unavailable
    assert pd.isna(cell(rep, W2, "b1"))
    region = run(weekly, "M2", by="region", grain="week")
    # North (no own row) = a1 + a2: (100 + 50) / ((3900 + 1950) / 13 = 450)
    assert cell(region, W1, "North") == pytest.approx(150 / 450)
    # South's own row: 3 × 260 / 13 = 60; W2 80 / 60
    assert cell(region, W2, "South") == pytest.approx(80 / 60)
    company = run(weekly, "M2", by="company", grain="month")
    # Company = North 450 + South 60 = 510 a week, two call weeks in January:
    # (100 + 50 + 0 + 200 + 80) / (2 × 510) = 430 / 1020
    assert cell(company, "2026-01", "company") == pytest.approx(430 / 1020)
    assert cell(company, "2026-01", "company", "linear_share") == pytest.approx(1020)


def test_m2_filter_by_rep(weekly: Store) -> None:
    out = run(weekly, "M2", by="company", grain="week", reps=("a1",))
    # The company narrowed to a1: a1's commit over a1's linear share, 200 / 300 in W2
    assert cell(out, W2, "company") == pytest.approx(200 / 300)


# -- M3 ------------------------------------------------------------------------------------------


def test_m3_month_cover_from_latest_call(weekly: Store) -> None:
    rep = run(weekly, "M3", by="rep", grain="month")
    # a1 latest January call is W2: (1100 + 300) / 1300
    assert cell(rep, "2026-01", "a1") == pytest.approx(1400 / 1300)
    # quarter cover from the same call: (3200 + 400) / 3900
    assert cell(rep, "2026-01", "a1", "quarter_cover") == pytest.approx(3600 / 3900)
    # a2 latest is W1: (500 + no upside) / 650
    assert cell(rep, "2026-01", "a2") == pytest.approx(500 / 650)
    region = run(weekly, "M3", by="region", grain="month")
    # North: (1400 + 500) / (1300 + 650) = 1900 / 1950
    assert cell(region, "2026-01", "North") == pytest.approx(1900 / 1950)
    # South: b1 stated no forecast -> unavailable (its stretch 260 is still shown)
    assert pd.isna(cell(region, "2026-01", "South"))
    assert cell(region, "2026-01", "South", "stretch_target") == 260
    company = run(weekly, "M3", by="company", grain="month")
    # 1900 / (1950 + 260) = 1900 / 2210
    assert cell(company, "2026-01", "company") == pytest.approx(1900 / 2210)


def test_m3_quarter_grain_and_week_grain(weekly: Store) -> None:
    quarter = run(weekly, "M3", by="region", grain="quarter", regions=("North",))
    # North quarter cover: a1 (3200 + 400) + a2 (1500 + 0) = 5100 over 3 × 1950 = 5850
    assert cell(quarter, "FY2026-Q1", "North") == pytest.approx(5100 / 5850)
    assert cell(quarter, "FY2026-Q1", "North", "cover_period") == "quarter"
    week = run(weekly, "M3", by="rep", grain="week")
    # At week grain only that week's call counts: a2 made none in W2
    assert pd.isna(cell(week, W2, "a2"))
    assert cell(week, W1, "a1") == pytest.approx(1200 / 1300)


# -- M5 ------------------------------------------------------------------------------------------

HALF: tuple[bool, bool, bool, bool, bool] = (True, True, False, False, True)


@pytest.fixture
def quality() -> Iterator[Store]:
    """Snapshots on Friday 2 January (as of Monday W1) and Sunday 11 January (as of W2).

    Jan 2: a1 commit 90 complete; a1 commit 80 complete (weak); a2 commit 95 with 3 of 5;
           b1 commit 90 without checklist columns; a2 upside 90 (should be commit).
    Jan 11: a1 commit 90 complete; b1 commit 95 complete.
    Jan 30 (as of Monday 2 February): a1 commit 90 complete. Mondays 19 and 26 January have no
    snapshot at most 7 days old.
    """
    store = make_store()
    add_reps(store, [("a1", "North"), ("a2", "North"), ("b1", "South")])
    add_snapshots(
        store,
        [
            ("2026-01-02", "x1", "a1", 90, 100, "2026-01-30", "commit", ALL_TRUE),
            ("2026-01-02", "x2", "a1", 80, 50, "2026-01-30", "commit", ALL_TRUE),
            ("2026-01-02", "x3", "a2", 95, 70, "2026-02-27", "commit", HALF),
            ("2026-01-02", "x4", "b1", 90, 40, "2026-01-30", "commit", None),
            ("2026-01-02", "x5", "a2", 90, 20, "2026-01-30", "upside", None),
            ("2026-01-02", "x6", "a2", 50, 20, "2026-01-30", "pipeline", None),
            ("2026-01-11", "x1", "a1", 90, 100, "2026-01-30", "commit", ALL_TRUE),
            ("2026-01-11", "x7", "b1", 95, 10, "2026-01-30", "commit", ALL_TRUE),
            ("2026-01-30", "x8", "a1", 90, 5, "2026-02-27", "commit", ALL_TRUE),
        ],
    )
    yield store
    store.close()


def test_m5_share_of_complete_commits(quality: Store) -> None:
    rep = run(quality, "M5", by="rep", grain="week", date_from=date(2026, 1, 5))
    # a1 W1: x1 complete, x2 has the checklist but stage 80 < 90 -> 1 / 2; x2 is a weak commit
    assert cell(rep, W1, "a1") == pytest.approx(0.5)
    assert cell(rep, W1, "a1", "weak_commits") == 1
    # a2 W1: x3 has 3 of 5 items -> 0 / 1, mean checklist share 3 / 5
    assert cell(rep, W1, "a2") == pytest.approx(0.0)
    assert cell(rep, W1, "a2", "mean_checklist_share") == pytest.approx(0.6)
    assert cell(rep, W1, "a2", "should_be_commits") == 1
    # b1 W1: its only commit carries no checklist -> unavailable, not 0
    assert pd.isna(cell(rep, W1, "b1"))
    assert cell(rep, W1, "b1", "commit_deals") == 1
    assert cell(rep, W1, "b1", "snapshot_date") == pd.Timestamp("2026-01-02")
    company = run(quality, "M5", by="company", grain="month")
    # January: W1 complete 1 of checked 3 (x1, x2, x3); W2 2 of 2 (x1, x7) -> 3 / 5
    assert cell(company, "2026-01", "company") == pytest.approx(3 / 5)
    assert cell(company, "2026-01", "company", "commit_deals") == 6
    # mean share: (1 + 1 + 0.6 + 1 + 1) / 5 = 0.92
    assert cell(company, "2026-01", "company", "mean_checklist_share") == pytest.approx(0.92)


def test_m5_week_without_fresh_snapshot_is_unavailable(quality: Store) -> None:
    # Monday 19 January: the latest snapshot (11th) is 8 days old > 7 -> unavailable
    out = run(quality, "M5", by="region", grain="week", regions=("North",))
    assert list(out["period"]) == [W1, W2, "2026-01-19", "2026-01-26", "2026-02-02"]
    assert pd.isna(cell(out, "2026-01-19", "North"))
    assert pd.isna(cell(out, "2026-01-19", "North", "commit_deals"))
    assert pd.isna(cell(out, "2026-01-19", "North", "snapshot_date"))


def test_commit_list_and_quality_share(quality: Store) -> None:
    deals = commit_list(quality, MetricQuery(), date(2026, 1, 7))  # any day of week W1
    assert list(deals["opportunity_id"]) == ["x1", "x2", "x3", "x5", "x4"]
    by_id = deals.set_index("opportunity_id")
    assert bool(by_id.loc["x2", "weak_commit"]) and bool(by_id.loc["x2", "checklist_complete"])
    assert by_id.loc["x3", "checklist_share"] == pytest.approx(0.6)
    assert bool(by_id.loc["x5", "should_be_commit"])
    assert pd.isna(by_id.loc["x4", "checklist_complete"])
    north = commit_list(quality, MetricQuery(by="region"), date(2026, 1, 5), scope="North")
    assert set(north["rep"]) == {"a1", "a2"}
    assert commit_list(quality, MetricQuery(), date(2026, 1, 19)).empty
    share = commit_quality_share(quality, MetricQuery(by="rep")).set_index("scope")
    # a1: W1 1 / 2, W2 1 / 1, 2 February 1 / 1 -> 3 / 4
    assert share.loc["a1", "value"] == pytest.approx(3 / 4)
    assert share.loc["a1", "checked_commits"] == 4


# -- the weekly call's table -----------------------------------------------------------------------


def test_weekly_table_rows_and_roll_ups(weekly: Store) -> None:
    from analytics.metrics.weekly import WEEKLY_COLUMNS, weekly_table

    table = weekly_table(weekly, MetricQuery(), date(2026, 1, 14))  # a Wednesday of W2
    assert list(table.columns) == list(WEEKLY_COLUMNS)
    assert list(zip(table["level"], table["scope"], strict=True)) == [
        ("rep", "a1"), ("rep", "a2"), ("region", "North"),
        ("rep", "b1"), ("region", "South"), ("company", "company"),
    ]  # fmt: skip
    rows = table.set_index("scope")
    # Last week (W1): a1 100 / 100 accurate; a2 40 / 50 over-committed; North 140 / 150
    assert rows.loc["a1", "last_week_accuracy"] == pytest.approx(1.0)
    assert rows.loc["a2", "last_week_status"] == "over_committed"
    assert rows.loc["North", "last_week_accuracy"] == pytest.approx(140 / 150)
    assert rows.loc["company", "last_week_accuracy"] == pytest.approx(170 / 150)
    # This week (W2): a1 200 / 300; a2 missed the call: commit 0, status missing
    assert rows.loc["a1", "commit_linearity"] == pytest.approx(200 / 300)
    assert rows.loc["a2", "commit"] == 0
    assert rows.loc["a2", "call_status"] == "missing"
    assert pd.isna(rows.loc["a2", "month_cover"])
    # Totals are the metric at that scope: company (200 + 0 + 80) / (450 + 60) = 280 / 510
    assert rows.loc["company", "commit_linearity"] == pytest.approx(280 / 510)
    # Month cover this week: North a1 (1100 + 300) / 1950
    assert rows.loc["North", "month_cover"] == pytest.approx(1400 / 1950)
    # On time: a1 (Sunday 20:00) and b1 (Monday 09:00) -> company 2 / 3, North 1 / 2
    assert rows.loc["company", "on_time_rate"] == pytest.approx(2 / 3)
    assert rows.loc["North", "on_time_rate"] == pytest.approx(0.5)
    assert rows.loc["b1", "call_status"] == "on_time"
    south_only = weekly_table(weekly, MetricQuery(regions=("South",)), date(2026, 1, 12))
    assert list(south_only["scope"]) == ["b1", "South", "company"]
    assert south_only.set_index("scope").loc["company", "commit_linearity"] == pytest.approx(
        80 / 60
    )


# -- command line ------------------------------------------------------------------------------------


def _weekly_db(db_path: Path) -> None:
    store = Store(db_path, settings=Settings())
    add_reps(store, [("a1", "North"), ("b1", "South")])
    add_calls(
        store,
        [("a1", W1, at("2026-01-05 08:00"), 100), ("b1", W1, at("2026-01-05 08:00"), 0)],
    )
    add_bookings(
        store, [("o1", None, "a1", "2026-01-06", 105), ("o2", None, "b1", "2026-01-07", 9)]
    )
    store.close()


def test_cli_m1_json_contract(db_path: Path) -> None:
    _weekly_db(db_path)
    result = run_cli(
        "metric", "M1", "--by", "rep", "--grain", "week", "--format", "json", db=db_path
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [list(r) for r in rows] == [
        ["metric", "period", "scope", "value", "actual", "commit", "status", "calls"]
    ] * 2
    # a1: 105 / 100 = 1.05 accurate; b1: commit 0, actual 9 -> null, uncommitted wins
    assert rows[0] == {
        "metric": "M1", "period": W1, "scope": "a1", "value": pytest.approx(1.05),
        "actual": 105.0, "commit": 100.0, "status": "accurate", "calls": 1,
    }  # fmt: skip
    assert rows[1]["value"] is None
    assert rows[1]["status"] == "uncommitted_wins"


def test_cli_m1_csv_empty_cell_and_filters(db_path: Path) -> None:
    _weekly_db(db_path)
    result = run_cli(
        "metric", "M1", "--by", "region", "--grain", "week", "--region", "South", db=db_path
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "metric,period,scope,value,actual,commit,status,calls"
    assert lines[1:] == [f"M1,{W1},South,,9.0,0.0,uncommitted_wins,1"]


def test_weekly_table_on_an_empty_store() -> None:
    from analytics.metrics.weekly import weekly_table

    table = weekly_table(make_store(), MetricQuery(), date(2026, 1, 5))
    assert list(table["scope"]) == ["company"]
    assert table[["commit_linearity", "on_time_rate"]].isna().all().all()
