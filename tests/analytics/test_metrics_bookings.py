"""M4 unrealized orders, M6/M6c conversion and the drill-downs behind them, on tiny data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest

from analytics.metrics import MetricQuery, get_metric
from analytics.metrics.bookings import bookings_behind, bookings_behind_range, conversion_behind
from analytics.store import Store
from tests.analytics.fixtures import (
    add_bookings,
    add_calls,
    add_reps,
    add_snapshots,
    at,
    make_store,
)
from tests.analytics.test_metrics_commit import cell, run


@pytest.fixture
def orders() -> Iterator[Store]:
    """January 2026 orders: a1 100 + 20 unrealized; a2 50 + 30 cancelled; b1 40 unrealized + 60;
    c1 one order of 0 (a "$-" amount). February: a1 100 and 70 (Sunday 1 Feb).
    a1 called for the week of Monday 26 January only."""
    store = make_store()
    add_reps(store, [("a1", "North"), ("a2", "North"), ("b1", "South"), ("c1", "East")])
    add_bookings(
        store,
        [
            ("o1", "d1", "a1", "2026-01-28", 100),
            ("o2", "d2", "a1", "2026-01-06", 20, "unrealized"),
            ("o3", "d3", "a2", "2026-01-07", 50),
            ("o4", "d4", "a2", "2026-01-08", 30, "cancelled"),
            ("o5", "d5", "b1", "2026-01-09", 40, "unrealized"),
            ("o6", "d6", "b1", "2026-01-10", 60),
            ("o7", "d7", "c1", "2026-01-12", 0),
            ("o8", "d8", "a1", "2026-02-10", 100),
            ("o9", "d9", "a1", "2026-02-01", 70),
        ],
    )
    add_calls(store, [("a1", "2026-01-26", at("2026-01-26 08:00"), 150)])
    yield store
    store.close()


def test_m4_per_rep_and_rolled_up(orders: Store) -> None:
    rep = run(orders, "M4", by="rep", grain="month")
    assert list(rep.columns)[:6] == ["metric", "period", "scope", "value", "unrealized", "booked"]
    # a1: 20 / (100 + 20) ; a2: 30 cancelled / (50 + 30) ; b1: 40 / (40 + 60)
    assert cell(rep, "2026-01", "a1") == pytest.approx(20 / 120)
    assert cell(rep, "2026-01", "a2") == pytest.approx(30 / 80)
    assert cell(rep, "2026-01", "b1") == pytest.approx(0.4)
    # c1 booked 0 in total: unavailable, not 0
    assert pd.isna(cell(rep, "2026-01", "c1"))
    # February: a1 (100 + 70), nothing unrealized -> 0
    assert cell(rep, "2026-02", "a1") == pytest.approx(0.0)
    region = run(orders, "M4", by="region", grain="month")
    # North: (20 + 30) / (120 + 80) = 0.25 — not the mean of 0.1667 and 0.375
    assert cell(region, "2026-01", "North") == pytest.approx(50 / 200)
    assert cell(region, "2026-01", "North", "cancelled") == 30
    company = run(orders, "M4", by="company", grain="quarter")
    # Q1: (20 + 30 + 40) / (120 + 80 + 100 + 0 + 170) = 90 / 470
    assert cell(company, "FY2026-Q1", "company") == pytest.approx(90 / 470)


def test_m4_filter_and_range(orders: Store) -> None:
    south = run(orders, "M4", by="company", grain="month", regions=("South",))
    assert list(south["period"]) == ["2026-01"]
    assert cell(south, "2026-01", "company") == pytest.approx(0.4)
    feb = run(orders, "M4", by="rep", grain="month", date_from=date(2026, 2, 1))
    assert list(feb["period"]) == ["2026-02"]


def test_bookings_behind_each_kind_of_number(orders: Store) -> None:
    month = MetricQuery(by="region", grain="month")
    m4 = bookings_behind(orders, month, date(2026, 1, 1), "North", include_cancelled=True)
    assert list(m4["order_id"]) == ["o2", "o3", "o4", "o1"]  # by booked date
    # The numerator of M4 North January is the rows flagged unrealized: 20 + 30
    assert m4.loc[m4["unrealized"], "amount"].sum() == 50
    actual = bookings_behind(orders, MetricQuery(grain="month"), date(2026, 1, 1), "company")
    # Actual bookings (not cancelled) of January: 100 + 20 + 50 + 40 + 60 + 0 = 270
    assert actual["amount"].sum() == 270
    assert "o4" not in set(actual["order_id"])
    m1 = bookings_behind(
        orders, MetricQuery(by="rep", grain="month"), date(2026, 1, 1), "a1", called_weeks_only=True
    )
    # Only the called week of 26 January counts, including Sunday 1 February, placed in January
    assert list(m1["order_id"]) == ["o1", "o9"]


def test_bookings_behind_a_run_of_months(orders: Store) -> None:
    month = MetricQuery(by="rep", grain="month")
    jan, feb = date(2026, 1, 1), date(2026, 2, 1)
    run = bookings_behind_range(orders, month, jan, feb, "a1")
    # a1: January o2 (01-06, 20) and o1 (01-28, 100); February o9 (02-01, 70), o8 (02-10, 100)
    assert list(run["order_id"]) == ["o2", "o1", "o9", "o8"]
    assert run["amount"].sum() == 290  # 20 + 100 + 70 + 100
    # the months' own lists one after the other, column for column
    each = pd.concat(
        [bookings_behind(orders, month, jan, "a1"), bookings_behind(orders, month, feb, "a1")],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(run, each)
    # a2 in January alone: o3 50; o4 is cancelled
    north = bookings_behind_range(orders, month, jan, jan, "a2")
    assert list(north["order_id"]) == ["o3"]
    assert bookings_behind_range(orders, month, date(2026, 3, 1), date(2026, 4, 1), "a1").empty


@pytest.fixture
def pipeline() -> Iterator[Store]:
    """Snapshot Monday 29 Dec 2025 (as of 1 January) and 10 February (too late for 1 February).

    Upside closing in January: u1 a1 100, u2 a1 50, u3 a2 200, u5 b1 40; u4 b1 80 closes in
    February. Commit: c1 a1 300 closes 9 January, c2 b1 100 closes 20 January (never booked).
    Bookings: u1 on 14 Jan (converted); u3 on 2 Feb (outside January); u5 cancelled; c1 9 Jan.
    """
    store = make_store()
    add_reps(store, [("a1", "North"), ("a2", "North"), ("b1", "South")])
    snap = "2025-12-29"
    add_snapshots(
        store,
        [
            (snap, "u1", "a1", 70, 100, "2026-01-15", "upside"),
            (snap, "u2", "a1", 70, 50, "2026-01-20", "upside"),
            (snap, "u3", "a2", 80, 200, "2026-01-31", "upside"),
            (snap, "u4", "b1", 70, 80, "2026-02-05", "upside"),
            (snap, "u5", "b1", 70, 40, "2026-01-10", "upside"),
            (snap, "c1", "a1", 90, 300, "2026-01-09", "commit"),
            (snap, "c2", "b1", 90, 100, "2026-01-20", "commit"),
            ("2026-02-10", "u4", "b1", 70, 80, "2026-02-25", "upside"),
        ],
    )
    add_bookings(
        store,
        [
            ("o1", "u1", "a1", "2026-01-14", 110),
            ("o2", "u3", "a2", "2026-02-02", 200),
            ("o3", "u5", "b1", "2026-01-12", 40, "cancelled"),
            ("o4", "c1", "a1", "2026-01-09", 300),
        ],
    )
    yield store
    store.close()


def test_m6_upside_conversion(pipeline: Store) -> None:
    rep = run(pipeline, "M6", by="rep", grain="month")
    assert list(rep.columns)[:6] == [
        "metric", "period", "scope", "value", "converted_amount", "upside_amount"
    ]  # fmt: skip
    # a1: u1 converted (its snapshot amount 100 counts, not the 110 booked) of 100 + 50
    assert cell(rep, "2026-01", "a1") == pytest.approx(100 / 150)
    assert cell(rep, "2026-01", "a1", "count_conversion") == pytest.approx(1 / 2)
    # a2: u3 booked in February -> 0 / 200; b1: u5's booking was cancelled -> 0 / 40
    assert cell(rep, "2026-01", "a2") == pytest.approx(0.0)
    assert cell(rep, "2026-01", "b1") == pytest.approx(0.0)
    region = run(pipeline, "M6", by="region", grain="month")
    # North: 100 / (150 + 200) = 100 / 350
    assert cell(region, "2026-01", "North") == pytest.approx(100 / 350)
    company = run(pipeline, "M6", by="company", grain="month")
    # 100 / (350 + 40) ; by count 1 of 4 (u4 closes in February)
    assert cell(company, "2026-01", "company") == pytest.approx(100 / 390)
    assert cell(company, "2026-01", "company", "count_conversion") == pytest.approx(1 / 4)
    # February: the latest snapshot on or before 1 Feb is 34 days old -> unavailable
    assert pd.isna(cell(company, "2026-02", "company"))
    assert pd.isna(cell(company, "2026-02", "company", "upside_amount"))
    south = run(pipeline, "M6", by="company", grain="month", regions=("South",))
    assert cell(south, "2026-01", "company", "upside_amount") == 40


def test_m6c_commit_conversion(pipeline: Store) -> None:
    out = get_metric("M6c").compute(pipeline, MetricQuery(by="rep", grain="month"))
    assert "commit_amount" in out.columns
    assert cell(out, "2026-01", "a1") == pytest.approx(300 / 300)
    # a2 had no commit deal closing in January: nothing to convert -> unavailable
    assert pd.isna(cell(out, "2026-01", "a2"))
    assert cell(out, "2026-01", "a2", "commit_amount") == 0
    company = get_metric("M6c").compute(pipeline, MetricQuery(by="company", grain="month"))
    # (300 + 0) / (300 + 100) = 0.75 — not the mean of a1's 1.0 and b1's 0.0
    assert cell(company, "2026-01", "company") == pytest.approx(300 / 400)
    north = get_metric("M6c").compute(
        pipeline, MetricQuery(by="company", grain="month", regions=("North",))
    )
    assert cell(north, "2026-01", "company") == pytest.approx(1.0)


def test_conversion_behind(pipeline: Store) -> None:
    deals = conversion_behind(
        pipeline, MetricQuery(by="rep", grain="month"), date(2026, 1, 1), "a1"
    )
    assert list(deals["opportunity_id"]) == ["u1", "u2"]
    assert list(deals["converted"]) == [True, False]
    assert deals["booked_amount"].iloc[0] == 110
    commit = conversion_behind(
        pipeline, MetricQuery(grain="month"), date(2026, 1, 1), "company", category="commit"
    )
    assert list(commit["opportunity_id"]) == ["c1", "c2"]
    assert list(commit["converted"]) == [True, False]
    assert conversion_behind(
        pipeline, MetricQuery(grain="month"), date(2026, 2, 1), "company"
    ).empty
