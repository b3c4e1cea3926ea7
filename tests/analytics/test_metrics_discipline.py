"""M14 weekly-call discipline and M14m monthly-forecast discipline on tiny data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest

from analytics.metrics import MetricQuery
from analytics.metrics.discipline import (
    calls_for_week,
    forecast_submissions_behind,
    missing_calls,
    submission_rate,
    submissions_behind,
)
from analytics.store import Store
from tests.analytics.fixtures import add_calls, add_forecasts, add_reps, at, make_store
from tests.analytics.test_metrics_commit import cell, run

W1, W2, W3 = "2026-01-05", "2026-01-12", "2026-01-19"

REPS = [
    ("a1", "North"),
    ("a2", "North", "2026-01-10", None),  # joins after the W1 deadline: expected from W2
    ("b1", "South", None, "2026-01-08"),  # leaves on 8 January: expected in W1 only
    ("c1", "East"),
]
CALLS = [
    ("a1", W1, at("2026-01-04 18:00"), 10),  # Sunday evening: on time
    ("a1", W2, at("2026-01-12 09:00"), 10),  # exactly 09:00: on time
    ("a1", W3, at("2026-01-19 09:01"), 10),  # late
    ("a2", W1, at("2026-01-05 08:00"), 10),  # not yet active: not expected, not counted
    ("a2", W2, at("2026-01-12 08:00"), 10),  # on time; a2 W3 missing
    ("c1", W1, at("2026-01-05 07:00"), 10),  # on time (b1 W1 missing)
    ("c1", W2, at("2026-01-11 12:00"), 10),
    ("c1", W3, at("2026-01-19 08:00"), 10),
]


@pytest.fixture
def calls() -> Iterator[Store]:
    store = make_store()
    add_reps(store, REPS)
    add_calls(store, CALLS)
    yield store
    store.close()


def test_m14_weekly_rates(calls: Store) -> None:
    out = run(calls, "M14", by="company", grain="week")
    assert list(out.columns) == [
        "metric", "period", "scope", "value", "on_time", "expected", "late", "missing", "status"
    ]  # fmt: skip
    # Expected: W1 a1, b1, c1; W2 a1, a2, c1; W3 a1, a2, c1
    # W1: a1 + c1 on time -> 2 / 3; W2: 3 / 3; W3: c1 only (a1 late, a2 missing) -> 1 / 3
    assert list(out["value"]) == pytest.approx([2 / 3, 1.0, 1 / 3])
    assert cell(out, W3, "company", "late") == 1
    assert cell(out, W3, "company", "missing") == 1


def test_m14_rolls_up_counts(calls: Store) -> None:
    region = run(calls, "M14", by="region", grain="month")
    # North: a1 W1, W2 on time, W3 late; a2 W2 on time, W3 missing -> 3 / 5
    assert cell(region, "2026-01", "North") == pytest.approx(3 / 5)
    assert cell(region, "2026-01", "South") == pytest.approx(0.0)  # b1 W1 missing: 0 / 1
    assert cell(region, "2026-01", "East") == pytest.approx(1.0)
    company = run(calls, "M14", by="company", grain="month")
    # (3 + 0 + 3) / (5 + 1 + 3) = 6 / 9 — not the mean of 0.6, 0 and 1
    assert cell(company, "2026-01", "company") == pytest.approx(6 / 9)
    north = run(calls, "M14", by="company", grain="month", regions=("North",))
    assert cell(north, "2026-01", "company") == pytest.approx(3 / 5)


def test_m14_as_of_counts_weeks_nobody_called(calls: Store) -> None:
    out = run(calls, "M14", by="company", grain="week", as_of=date(2026, 1, 28))
    # The week of 26 January has no call at all: a1, a2, c1 all missing -> 0 / 3, not absent
    assert cell(out, "2026-01-26", "company") == pytest.approx(0.0)
    assert cell(out, "2026-01-26", "company", "missing") == 3


def test_m14_without_calls_has_no_rows() -> None:
    store = make_store()
    add_reps(store, REPS)
    assert run(store, "M14", by="rep", grain="week").empty


def test_m14_deadline_comes_from_settings() -> None:
    # Deadline Sunday (weekday 6) 18:00 before the week's Monday
    store = make_store(call_deadline_weekday=6, call_deadline_hour=18)
    add_reps(store, REPS)
    add_calls(store, CALLS)
    out = run(store, "M14", by="rep", grain="week", date_to=date(2026, 1, 5))
    # a1 W1 at Sunday 18:00 is on time; c1 W1 on Monday 07:00 is now late
    assert cell(out, W1, "a1") == pytest.approx(1.0)
    assert cell(out, W1, "c1") == pytest.approx(0.0)


def test_submission_rate_over_range_and_rows(calls: Store) -> None:
    rate = submission_rate(calls, MetricQuery(by="rep")).set_index("scope")
    # a1 2 / 3, a2 1 / 2, b1 0 / 1, c1 3 / 3
    assert rate["value"].to_dict() == pytest.approx({"a1": 2 / 3, "a2": 0.5, "b1": 0.0, "c1": 1.0})
    rows = submissions_behind(
        calls, MetricQuery(by="region", grain="month"), date(2026, 1, 1), "North"
    )
    assert len(rows) == 5
    assert sorted(rows["status"]) == ["late", "missing", "on_time", "on_time", "on_time"]


def test_calls_for_week_and_missing_calls(calls: Store) -> None:
    week = calls_for_week(calls, MetricQuery(), date(2026, 1, 21))  # a Wednesday of W3
    assert list(week["rep"]) == ["c1", "a1", "a2"]  # by region, then rep
    assert list(week["status"]) == ["on_time", "late", "missing"]
    assert week.loc[week["rep"] == "a2", "submitted_at"].isna().all()
    assert week["deadline"].iloc[0] == pd.Timestamp("2026-01-19 09:00")
    missing = missing_calls(calls, MetricQuery(regions=("North",)), date(2026, 1, 19))
    assert list(missing["rep"]) == ["a2"]
    assert list(missing["rep_name"]) == ["Name of a2"]
    w1 = missing_calls(calls, MetricQuery(), date(2026, 1, 5))
    assert list(w1["rep"]) == ["b1"]


# -- M14m ----------------------------------------------------------------------------------------


@pytest.fixture
def forecasts() -> Iterator[Store]:
    """Review months Jan, Feb, Mar 2026; first Mondays 5 Jan, 2 Feb, 2 Mar (deadline 09:00)."""
    store = make_store()
    add_reps(store, REPS)
    add_forecasts(
        store,
        [
            ("a1", "2026-01", at("2026-01-05 09:00")),  # on time
            ("a1", "2026-02", at("2026-02-02 10:00")),  # late (a1 March missing)
            ("a1", "2026-02", at("2026-02-03 08:00")),  # a later row of the same submission
            ("a2", "2026-02", at("2026-01-30 17:00")),  # on time (January not expected)
            ("c1", "2026-01", at("2026-01-04 12:00")),
            ("c1", "2026-02", at("2026-02-02 08:59")),
            ("c1", "2026-03", at("2026-03-02 08:00")),
        ],
    )
    yield store
    store.close()


def test_m14m_monthly_rates(forecasts: Store) -> None:
    out = run(forecasts, "M14m", by="company", grain="week")  # week grain is read as month
    # Jan: a1, b1 (missing), c1 -> 2 / 3; Feb: a1 late, a2, c1 -> 2 / 3; Mar: only c1 -> 1 / 3
    assert list(out["period"]) == ["2026-01", "2026-02", "2026-03"]
    assert list(out["value"]) == pytest.approx([2 / 3, 2 / 3, 1 / 3])
    quarter = run(forecasts, "M14m", by="region", grain="quarter")
    # North: a1 (1 of 3) + a2 (1 of 2) = 2 / 5; South: b1 Jan missing 0 / 1; East 3 / 3
    assert cell(quarter, "FY2026-Q1", "North") == pytest.approx(2 / 5)
    assert cell(quarter, "FY2026-Q1", "South") == pytest.approx(0.0)
    company = run(forecasts, "M14m", by="company", grain="quarter", reps=("a1", "a2"))
    assert cell(company, "FY2026-Q1", "company") == pytest.approx(2 / 5)


def test_m14m_rows(forecasts: Store) -> None:
    rows = forecast_submissions_behind(
        forecasts, MetricQuery(by="rep", grain="month"), date(2026, 2, 1), "a1"
    )
    assert list(rows["status"]) == ["late"]
    assert rows["submitted_at"].iloc[0] == pd.Timestamp("2026-02-02 10:00")
    assert rows["deadline"].iloc[0] == pd.Timestamp("2026-02-02 09:00")
