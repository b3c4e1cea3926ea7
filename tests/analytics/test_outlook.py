"""The quarter outlook of the Overview headline (analytics/outlook.py), on hand-computed data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime

import pytest

from analytics.metrics import MetricQuery
from analytics.outlook import QuarterOutlook, quarter_outlook
from analytics.store import Store
from tests.analytics.fixtures import (
    add_bookings,
    add_reps,
    add_snapshots,
    add_targets,
    make_store,
)
from tests.conftest import PINNED_NOW

# FY2026-Q4 (fiscal year from January) runs 2026-10-01 .. 2026-12-31: 31 + 30 + 31 = 92 days.
# The snapshot of 2026-11-16 is 31 (October) + 15 (November 1..15) = 46 days in: half of it.
SNAPSHOT = "2026-11-16"
AS_OF = date(2026, 11, 20)  # the snapshot as of it is 2026-11-16 (4 days old)
TODAY = date(2026, 11, 27)  # the quarter runs: never judged as missed


@pytest.fixture(autouse=True)
def _pinned_moment(clock: Callable[[str], datetime]) -> None:
    clock(PINNED_NOW)


@pytest.fixture
def store() -> Iterator[Store]:
    s = make_store()
    add_reps(s, [("e1", "East"), ("w1", "West")])
    # Each rep: target 100 and stretch 120 a month. Q4: target 300 / stretch 360 per rep,
    # the company (sum of the reps) 600 / 720. Q3 only for e1: target 300 / stretch 360.
    months = ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]
    add_targets(s, [("rep", "e1", m, 100, 120) for m in months])
    add_targets(s, [("rep", "w1", m, 100, 120) for m in months[3:]])
    add_bookings(
        s,
        [
            ("o1", None, "e1", "2026-10-05", 200),  # before the snapshot day: booked
            ("o2", None, "w1", "2026-11-15", 50),  # the day before: booked
            ("o3", None, "w1", "2026-11-16", 70),  # on the snapshot day: still to come
            ("o4", None, "e1", "2026-08-03", 500),  # FY2026-Q3
        ],
    )
    add_snapshots(
        s,
        [
            (SNAPSHOT, "c1", "e1", 90, 40, "2026-12-10", "commit"),
            (SNAPSHOT, "u1", "w1", 70, 25, "2026-12-20", "upside"),
            (SNAPSHOT, "p1", "w1", 25, 30, "2026-12-01", "pipeline"),  # neither commit nor upside
            (SNAPSHOT, "c2", "e1", 90, 1000, "2027-01-15", "commit"),  # closes next quarter
            (SNAPSHOT, "w0", "e1", 100, 60, "2026-11-10", "won"),  # not open
        ],
    )
    yield s
    s.close()


def test_the_company_outlook_of_a_running_quarter(store: Store) -> None:
    out = quarter_outlook(store, MetricQuery(), AS_OF, today=TODAY)
    assert out is not None
    assert (out.quarter, out.moment, out.ended) == ("FY2026-Q4", date(2026, 11, 16), False)
    # booked 200 + 50 = 250 (o3 is dated on the snapshot day, o4 in Q3)
    assert out.booked == 250.0
    # open commit: c1 40 (c2 closes in 2027-01); open upside: u1 25
    assert (out.open_commit, out.open_upside) == (40.0, 25.0)
    assert (out.booked_commit, out.booked_commit_upside) == (290.0, 315.0)  # 250+40; +25
    assert (out.target, out.stretch_target) == (600.0, 720.0)
    # linear path: 600 x 46 / 92 = 300; booked 250 - 300 = -50: behind pace by 50
    assert (out.days_elapsed, out.days_total) == (46, 92)
    assert out.linear_path == 300.0
    assert out.pace_gap == -50.0
    assert out.pace == "behind_pace"
    # no closed deals to calibrate on: the projection is unavailable, never a guess
    assert (out.p10, out.p50, out.p90, out.p50_of_target) == (None, None, None, None)


def test_a_region_filter_narrows_every_number(store: Store) -> None:
    out = quarter_outlook(store, MetricQuery(regions=("East",)), AS_OF, today=TODAY)
    assert out is not None
    # East = e1: booked 200, open commit 40, no upside; target 300 -> path 300 x 46 / 92 = 150;
    # 200 - 150 = +50: on pace
    assert (out.booked, out.open_commit, out.open_upside) == (200.0, 40.0, 0.0)
    assert (out.target, out.linear_path, out.pace_gap, out.pace) == (300.0, 150.0, 50.0, "on_pace")


def test_an_ended_quarter_is_its_outcome(store: Store) -> None:
    # FY2026-Q3 ended on 2026-09-30: booked 500 (o4) against e1's target 300 / stretch 360.
    out = quarter_outlook(store, MetricQuery(), date(2026, 9, 15), today=TODAY)
    assert out is not None
    assert (out.quarter, out.ended, out.booked) == ("FY2026-Q3", True, 500.0)
    assert (out.target, out.stretch_target) == (300.0, 360.0)
    # the whole quarter has elapsed: the path is the target; 500 - 300 = +200
    assert (out.linear_path, out.pace_gap, out.pace) == (300.0, 200.0, "on_target")


def test_no_snapshot_in_the_quarter_no_outlook(store: Store) -> None:
    # 2026-12-30 is in FY2026-Q4 but 44 days after the only snapshot: no snapshot as of it.
    assert quarter_outlook(store, MetricQuery(), date(2026, 12, 30), today=TODAY) is None


def _outlook(**changes: object) -> QuarterOutlook:
    base: dict[str, object] = {
        "quarter": "FY2026-Q1",
        "quarter_start": date(2026, 1, 1),
        "quarter_end": date(2026, 4, 1),  # 31 + 28 + 31 = 90 days
        "moment": date(2026, 1, 31),  # 30 days in
        "ended": False,
        "booked": 280.0,
        "open_commit": 100.0,
        "open_upside": 50.0,
        "p10": 700.0,
        "p50": 810.0,
        "p90": 950.0,
        "target": 900.0,
        "stretch_target": 1000.0,
    }
    return QuarterOutlook(**{**base, **changes})  # type: ignore[arg-type]


def test_pace_and_projection_ratios() -> None:
    out = _outlook()
    # path 900 x 30 / 90 = 300; 280 - 300 = -20: behind pace
    assert (out.days_elapsed, out.linear_path, out.pace_gap, out.pace) == (
        30,
        300.0,
        -20.0,
        "behind_pace",
    )
    # P50 810 / target 900 = 0.9; 810 / stretch 1000 = 0.81
    assert out.p50_of_target == pytest.approx(0.9)
    assert out.p50_of_stretch == pytest.approx(0.81)
    # exactly on the path is on pace: booked 300 - 300 = 0
    assert _outlook(booked=300.0).pace == "on_pace"
    # a moment before the quarter's first day counts 0 days: path 0, any booking is on pace
    assert _outlook(moment=date(2025, 12, 29)).linear_path == 0.0
    # without a target there is no pace
    assert _outlook(target=None).pace == "no_target"
    # an ended quarter below its target: 280 - 900 = -620
    ended = _outlook(ended=True)
    assert (ended.linear_path, ended.pace_gap, ended.pace) == (900.0, -620.0, "below_target")


def test_linearity_so_far_over_the_weeks_that_ended() -> None:
    from analytics.metrics.linearity import linearity_so_far

    # K = 4 weeks of 100, 300, 0, 200 (total 600): C = 1/6, 4/6, 4/6, 6/6 against k/4 =
    # 1/4, 2/4, 3/4, 4/4; |differences| = 1/12 + 1/6 + 1/12 + 0 = 1/3;
    # index = 1 - 2 x (1/3) / (4 - 1) = 1 - 2/9 = 7/9
    assert linearity_so_far([100, 300, 0, 200]) == pytest.approx(7 / 9)
    assert linearity_so_far([50, 50, 50]) == pytest.approx(1.0)  # even: C_k = k/K
    assert linearity_so_far([0, 0, 90]) == pytest.approx(0.0)  # all in the last week
    assert linearity_so_far([90]) is None  # one week spreads nothing
    assert linearity_so_far([0, 0]) is None  # nothing booked


def test_an_ended_quarter_without_data_has_no_outlook(store: Store) -> None:
    # FY2019-Q1: no bookings, no targets: nothing to show, never a booked 0
    assert quarter_outlook(store, MetricQuery(), date(2019, 2, 1), today=TODAY) is None
