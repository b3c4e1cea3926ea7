"""M20 by horizon: the monthly 12-month forecasts of each level judged by months ahead.

Hand-checked data (the clock is pinned to 2026-11-27, so September and October have ended and
November has not). Region North: manager Ann leads a1 and a2 (Ann is the only manager).

Actual bookings: September a1 100 + a2 50 = 150; October a1 200 (a2 0) = 200.

Forecasts (review month -> target month: amount); horizon h = months from review to target + 1:

    review    target   a1    a2     rep sum   Ann           North          h
    2026-08   Sep      120   (none)   120     (none: 120)   (none: 120)    2
    2026-08   Oct      150   (none)   150     (none: 150)   (none: 150)    3
    2026-09   Sep       90    60      150     180           160            1
    2026-09   Oct      180    20      200     240           (none: 240)    2
    2026-10   Oct      210    10      220     260           (none: 260)    1
    2026-11   Nov      999            (November has not ended: never judged)

Ann adds 30 (Sep) and 60 (Oct) at h = 1: the injected optimism; North's head cut Ann's 180 to 160.
naive: one snapshot, 2026-09-01: a1's deal of 200 at stage 50 closing 2026-09-15 (100 in Sep) and
a2's deal of 100 at stage 25 closing 2026-10-10 (25 in Oct). Reviews 2026-08 and 2026-10 have no
snapshot at most 7 days before their first day: no naive forecast there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import pandas as pd
import pytest

from analytics.metrics import MetricQuery
from analytics.metrics.fva import value_added_by_horizon
from analytics.store import Store
from tests.analytics.fixtures import (
    add_bookings,
    add_reps,
    add_snapshots,
    make_store,
    set_managers,
)
from tests.conftest import PINNED_NOW, run_cli


@pytest.fixture(autouse=True)
def _pinned_moment(clock: Callable[[str], datetime]) -> None:
    """The answers below are worked out for the pinned moment."""
    clock(PINNED_NOW)


def _forecasts(store: Store, rows: list[tuple[str, str, str, str, float]]) -> None:
    """(scope_type, scope, review 'YYYY-MM', month 'YYYY-MM', forecast)."""
    with store.transaction() as cur:
        for scope_type, scope, review, month, amount in rows:
            cur.execute(
                "INSERT INTO forecasts (rep, review_month, submitted_at, month, forecast, "
                "load_id, scope_type, scope) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                [
                    scope if scope_type == "rep" else None,
                    f"{review}-01",
                    f"{review}-02 10:00",
                    f"{month}-01",
                    amount,
                    scope_type,
                    scope,
                ],
            )


@pytest.fixture(scope="module")
def org() -> Iterator[Store]:
    store = make_store()
    add_reps(store, [("a1", "North"), ("a2", "North")])
    set_managers(store, {"a1": "Ann", "a2": "Ann"})
    add_bookings(
        store,
        [
            ("o1", None, "a1", "2026-09-10", 100),
            ("o2", None, "a2", "2026-09-20", 50),
            ("o3", None, "a1", "2026-10-05", 200),
            ("o4", None, "a1", "2026-11-02", 300),  # November has not ended
        ],
    )
    add_snapshots(
        store,
        [
            ("2026-09-01", "d1", "a1", 50, 200, "2026-09-15", "commit"),
            ("2026-09-01", "d2", "a2", 25, 100, "2026-10-10", "pipeline"),
        ],
    )
    _forecasts(
        store,
        [
            ("rep", "a1", "2026-08", "2026-09", 120),
            ("rep", "a1", "2026-08", "2026-10", 150),
            ("rep", "a1", "2026-09", "2026-09", 90),
            ("rep", "a2", "2026-09", "2026-09", 60),
            ("rep", "a1", "2026-09", "2026-10", 180),
            ("rep", "a2", "2026-09", "2026-10", 20),
            ("rep", "a1", "2026-10", "2026-10", 210),
            ("rep", "a2", "2026-10", "2026-10", 10),
            ("rep", "a1", "2026-11", "2026-11", 999),
            ("manager", "Ann", "2026-09", "2026-09", 180),
            ("manager", "Ann", "2026-09", "2026-10", 240),
            ("manager", "Ann", "2026-10", "2026-10", 260),
            ("manager", "Ann", "2026-11", "2026-11", 999),
            ("region", "North", "2026-09", "2026-09", 160),
        ],
    )
    yield store
    store.close()


def _row(frame: pd.DataFrame, horizon: int, level: str) -> pd.Series:
    hit = frame[(frame["horizon"] == horizon) & (frame["level"] == level)]
    assert len(hit) == 1, (horizon, level)
    return hit.iloc[0]


def test_horizon_one_judges_each_level(org: Store) -> None:
    frame = value_added_by_horizon(org, MetricQuery(by="manager"))
    assert sorted(frame["horizon"].unique()) == [1, 2, 3]  # November never judged
    assert set(frame["scope"]) == {"Ann"}
    naive = _row(frame, 1, "naive")
    # naive known in Sep only (snapshot 09-01): |100 - 150| / 150; bias -50 / 150; 150/100 = 150%.
    assert naive["wape"] == pytest.approx(50 / 150)
    assert naive["bias"] == pytest.approx(-50 / 150)
    assert naive["hit_rate"] == 0.0
    assert naive["months"] == 1
    rep = _row(frame, 1, "rep")
    # Sep 150 vs 150, Oct 220 vs 200: WAPE (0 + 20) / 350, bias +20 / 350; hit: 100% in, 91% out.
    assert rep["wape"] == pytest.approx(20 / 350)
    assert rep["bias"] == pytest.approx(20 / 350)
    assert rep["hit_rate"] == pytest.approx(0.5)
    # value added over naive, over Sep (both known): (50 - 0) / 150.
    assert rep["value"] == pytest.approx(50 / 150)
    ann = _row(frame, 1, "manager")
    # Ann 180 vs 150 and 260 vs 200: WAPE (30 + 60) / 350; hit 83% and 77%: none.
    assert ann["wape"] == pytest.approx(90 / 350)
    assert ann["bias"] == pytest.approx(90 / 350)
    assert ann["hit_rate"] == 0.0
    # value added over the reps' sum: (20 - 90) / 350 = -0.2. Every month alone gives
    # Sep (0 - 30) / 150 = -0.2 and Oct (20 - 60) / 200 = -0.2, so every bootstrap draw is -0.2:
    # the interval is [-0.2, -0.2], below 0: Ann's optimism subtracts value.
    assert ann["value"] == pytest.approx(-0.2)
    assert ann["value_added_low"] == pytest.approx(-0.2)
    assert ann["value_added_high"] == pytest.approx(-0.2)
    assert ann["finding"] == "subtracts"
    assert ann["own_calls"] == 2


def test_longer_horizons_and_levels_that_pass_the_sum_up(org: Store) -> None:
    frame = value_added_by_horizon(org, MetricQuery(by="manager"))
    rep = _row(frame, 2, "rep")
    # h = 2: Sep from review 08 (a1 120, a2 none: 120), Oct from review 09 (200).
    # WAPE (30 + 0) / 350, bias (-30 + 0) / 350; hit: 150/120 = 125% out, 100% in.
    assert rep["wape"] == pytest.approx(30 / 350)
    assert rep["bias"] == pytest.approx(-30 / 350)
    assert rep["hit_rate"] == pytest.approx(0.5)
    assert rep["own_calls"] == 3  # a1 Sep, a1 Oct, a2 Oct
    ann = _row(frame, 2, "manager")
    # Ann gave nothing in review 08 (passes 120 up) and 240 for Oct: WAPE (30 + 40) / 350;
    # value (30 - 70) / 350.
    assert ann["wape"] == pytest.approx(70 / 350)
    assert ann["value"] == pytest.approx(-40 / 350)
    assert ann["own_calls"] == 1
    naive = _row(frame, 2, "naive")
    # only Oct has a naive forecast at h = 2 (review 09's snapshot): |25 - 200| / 200.
    assert naive["wape"] == pytest.approx(175 / 200)
    h3 = _row(frame, 3, "rep")
    # h = 3: Oct from review 08, a1's 150 against 200; one month: no interval, no finding.
    assert h3["wape"] == pytest.approx(50 / 200)
    assert h3["months"] == 1
    assert pd.isna(h3["value_added_low"]) and pd.isna(h3["finding"])


def test_region_level_by_region_and_company(org: Store) -> None:
    frame = value_added_by_horizon(org, MetricQuery(by="region"))
    north = _row(frame, 1, "region")
    # North's head: Sep 160 (own), Oct 260 (Ann's number passed up): WAPE (10 + 60) / 350;
    # value over Ann: (90 - 70) / 350.
    assert north["scope"] == "North"
    assert north["wape"] == pytest.approx(70 / 350)
    assert north["value"] == pytest.approx(20 / 350)
    assert north["own_calls"] == 1
    company = value_added_by_horizon(org, MetricQuery(by="company"))
    top = _row(company, 1, "company")
    # no company forecast: the company passes North's number up, value added 0.
    assert top["wape"] == pytest.approx(70 / 350)
    assert top["value"] == pytest.approx(0.0)
    assert list(company[company["horizon"] == 1]["level"]) == [
        "naive",
        "rep",
        "manager",
        "region",
        "company",
    ]


def test_a_range_keeps_the_target_months_in_it(org: Store) -> None:
    from datetime import date

    frame = value_added_by_horizon(
        org, MetricQuery(by="manager", date_from=date(2026, 10, 1), date_to=date(2026, 10, 1))
    )
    ann = _row(frame, 1, "manager")
    # October alone: |260 - 200| / 200.
    assert ann["wape"] == pytest.approx(60 / 200)
    assert ann["months"] == 1


@pytest.mark.slow
def test_cli_horizon(tmp_path: object) -> None:
    from pathlib import Path

    db = Path(str(tmp_path)) / "forecast.duckdb"
    store = make_store(db)
    add_reps(store, [("a1", "North")])
    set_managers(store, {"a1": "Ann"})
    add_bookings(store, [("o1", None, "a1", "2026-10-05", 200)])
    _forecasts(store, [("rep", "a1", "2026-10", "2026-10", 210)])
    store.close()
    result = run_cli("metric", "M20", "--by", "manager", "--horizon", db=db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("metric,horizon,scope,level,value,wape")
    # a1's 210 against 200: WAPE 10 / 200 = 0.05 at horizon 1.
    rep = next(line for line in lines if ",rep," in line)
    assert rep.split(",")[5] == "0.05"
