"""M20 forecast value added on tiny hand-checked data, with an injected manager bias.

The organisation (region North): manager Ann leads a1 and a2, manager Bob leads b1.
Three ended weeks W1, W2, W3 (the clock is pinned to Friday 2026-11-27) and W4, the running week.

              actual        rep calls           Ann's call   Bob's call   North's call   naive
    W1   a1 100 a2 100 b1 100   a1 100 a2 120 b1 100   240          95           340        a1 100
    W2   a1  50 a2 150 b1 100   a1  60 a2 150 b1 100   230          (none)       (none)     a2 90
    W3   a1 100 a2   0 b1 100   a1 100 (a2 none) b1 100  120         100          (none)     0

Ann adds +20 on top of her team's sum every week (the injected optimism); Bob cut W1 by 5.
naive: W1 snapshot has a1's deal of 200 at stage 50 closing that week (100); W2's snapshot a2's
deal of 100 at stage 90 (90); W3's snapshot nothing closing in the week (0).
Ann also sent a late correction for W2 (200, after Monday 09:00): her on-time 230 counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import pandas as pd
import pytest

from analytics.errors import UsageError
from analytics.metrics import MetricQuery, get_metric
from analytics.metrics.fva import value_added
from analytics.store import Store
from tests.analytics.fixtures import (
    add_bookings,
    add_calls,
    add_reps,
    add_scope_calls,
    add_snapshots,
    at,
    make_store,
    set_managers,
)
from tests.conftest import PINNED_NOW, run_cli


@pytest.fixture(autouse=True)
def _pinned_moment(clock: Callable[[str], datetime]) -> None:
    """The answers below are worked out for the pinned moment, whatever FORECAST_DESK_TEST_NOW says."""
    clock(PINNED_NOW)


W1, W2, W3, W4 = "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"


@pytest.fixture(scope="module")
def org() -> Iterator[Store]:
    store = make_store()
    add_reps(store, [("a1", "North"), ("a2", "North"), ("b1", "North")])
    set_managers(store, {"a1": "Ann", "a2": "Ann", "b1": "Bob"})
    add_bookings(
        store,
        [
            ("o1", None, "a1", "2026-11-03", 100),
            ("o2", None, "a2", "2026-11-04", 100),
            ("o3", None, "b1", "2026-11-05", 100),
            ("o4", None, "a1", "2026-11-10", 50),
            ("o5", None, "a2", "2026-11-11", 150),
            ("o6", None, "b1", "2026-11-12", 100),
            ("o7", None, "a1", "2026-11-17", 100),
            ("o8", None, "b1", "2026-11-22", 100),  # Sunday: still W3
            ("o9", None, "a1", "2026-11-24", 500),  # W4 has not ended: never judged
        ],
    )
    add_calls(
        store,
        [
            ("a1", W1, at("2026-11-01 20:00"), 100),
            ("a2", W1, at("2026-11-01 20:00"), 120),
            ("b1", W1, at("2026-11-01 20:00"), 100),
            ("a1", W2, at("2026-11-08 20:00"), 60),
            ("a2", W2, at("2026-11-08 20:00"), 150),
            ("b1", W2, at("2026-11-08 20:00"), 100),
            ("a1", W3, at("2026-11-15 20:00"), 100),
            ("b1", W3, at("2026-11-15 20:00"), 100),
            ("a1", W4, at("2026-11-22 20:00"), 1),
        ],
    )
    add_scope_calls(
        store,
        [
            ("manager", "Ann", W1, at("2026-11-02 08:00"), 240, "Ann", "my team is sandbagging"),
            ("manager", "Ann", W2, at("2026-11-09 08:00"), 230, "Ann", "upside will land"),
            ("manager", "Ann", W2, at("2026-11-09 10:00"), 200, "Ann", "late correction"),
            ("manager", "Ann", W3, at("2026-11-16 08:00"), 120, "Ann", "upside will land"),
            ("manager", "Bob", W1, at("2026-11-02 08:10"), 95, "Bob", "b1's deal may slip"),
            ("manager", "Bob", W3, at("2026-11-16 08:10"), 100, "Bob", "as called"),
            ("region", "North", W1, at("2026-11-02 08:30"), 340, "Ann", "round up"),
            ("manager", "Ann", W4, at("2026-11-23 08:00"), 9999, "Ann", "running week"),
        ],
    )
    add_snapshots(
        store,
        [
            (W1, "d1", "a1", 50, 200, "2026-11-05", "pipeline"),
            (W1, "d9", "b1", 50, 400, "2026-12-20", "pipeline"),  # closes later: not naive
            (W2, "d2", "a2", 90, 100, "2026-11-12", "commit"),
            (W3, "d3", "a2", 90, 100, "2026-12-01", "commit"),  # next week: not W3's
        ],
    )
    yield store
    store.close()


def m20(store: Store, **query: object) -> pd.DataFrame:
    return get_metric("M20").compute(store, MetricQuery(**query))  # type: ignore[arg-type]


def level(frame: pd.DataFrame, scope: str, name: str, period: str | None = None) -> pd.Series:
    rows = frame[(frame["scope"] == scope) & (frame["level"] == name)]
    if period is not None:
        rows = rows[rows["period"] == period]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_manager_levels_with_injected_bias(org: Store) -> None:
    frame = value_added(org, MetricQuery(by="manager"))
    assert set(frame["period"]) == {f"{W1} … {W3}"}  # the ended weeks: W4 runs until Sunday
    # Ann: actual 200 + 200 + 100 = 500.
    # naive 100, 90, 0: |err| 100 + 110 + 100 = 310 -> WAPE 0.62, bias -310/500 = -0.62;
    #   hit: 200/100 = 2.0, 200/90 = 2.2 (0 forecast in W3 is not judged) -> 0 of 2.
    naive = level(frame, "Ann", "naive")
    assert naive["wape"] == pytest.approx(0.62)
    assert naive["bias"] == pytest.approx(-0.62)
    assert naive["hit_rate"] == pytest.approx(0.0)
    assert pd.isna(naive["value"])
    # rep sum 220, 210, 100 (a2 gave no call in W3: adds 0): |err| 20 + 10 + 0 = 30 -> 0.06;
    #   bias +30/500 = 0.06; hit: 200/220 = 0.909 no, 200/210 = 0.952 yes, 100/100 yes -> 2/3;
    #   value added over naive 0.62 - 0.06 = 0.56.
    rep = level(frame, "Ann", "rep")
    assert rep["wape"] == pytest.approx(0.06)
    assert rep["bias"] == pytest.approx(0.06)
    assert rep["hit_rate"] == pytest.approx(2 / 3)
    assert rep["value"] == pytest.approx(0.56)
    assert rep["own_calls"] == 5
    # Ann's calls 240, 230 (the late 200 does not count), 120: |err| 40 + 30 + 20 = 90 -> 0.18;
    #   bias +0.18; hit 200/240, 200/230, 100/120 all below 0.95 -> 0;
    #   value added 0.06 - 0.18 = -0.12: her optimism made the forecast worse.
    ann = level(frame, "Ann", "manager")
    assert ann["wape"] == pytest.approx(0.18)
    assert ann["bias"] == pytest.approx(0.18)
    assert ann["hit_rate"] == pytest.approx(0.0)
    assert ann["value"] == pytest.approx(-0.12)
    # Every week she adds 20 of error (rep |err| 20, 10, 0 -> hers 40, 30, 20), so every bootstrap
    # draw of three weeks gives -60 / (sum of the drawn actuals): between -60/300 (W3 three
    # times) and -60/600 (only W1 and W2): the interval lies inside [-0.2, -0.1], below 0.
    assert -0.2 - 1e-9 <= ann["value_added_low"] <= ann["value_added_high"] <= -0.1 + 1e-9
    assert ann["finding"] == "subtracts"
    # Bob: actual 300; reps 100 x 3 (|err| 0); his 95, (none: passes 100), 100 -> |err| 5
    #   -> WAPE 5/300; value added 0 - 5/300.
    bob = level(frame, "Bob", "manager")
    assert bob["wape"] == pytest.approx(5 / 300)
    assert bob["value"] == pytest.approx(-5 / 300)
    assert bob["own_calls"] == 2


def test_region_and_company_levels(org: Store) -> None:
    frame = value_added(org, MetricQuery(by="region"))
    # North actual 300 + 300 + 200 = 800. naive 100, 90, 0 -> |err| 200 + 210 + 200 = 610.
    # reps 320, 310, 200 -> 20 + 10 + 0 = 30. managers (Ann + Bob) 335, 330, 220 -> 35 + 30 + 20
    # = 85. region 340 (own), 330, 220 (passed up) -> 40 + 30 + 20 = 90.
    assert level(frame, "North", "naive")["wape"] == pytest.approx(610 / 800)
    assert level(frame, "North", "rep")["wape"] == pytest.approx(30 / 800)
    assert level(frame, "North", "manager")["wape"] == pytest.approx(85 / 800)
    assert level(frame, "North", "manager")["value"] == pytest.approx((30 - 85) / 800)
    assert level(frame, "North", "region")["value"] == pytest.approx((85 - 90) / 800)
    company = value_added(org, MetricQuery(by="company"))
    # No company call: the company passes the regions' number up, adding nothing.
    assert level(company, "company", "company")["value"] == pytest.approx(0.0)
    assert level(company, "company", "region")["wape"] == pytest.approx(90 / 800)
    assert list(company["level"]) == ["naive", "rep", "manager", "region", "company"]


def test_by_rep_and_weeks(org: Store) -> None:
    frame = m20(org, by="rep", grain="week")
    # W4 has not ended: no row. a1: naive 100, 0, 0 vs actual 100, 50, 100.
    assert sorted(set(frame["period"])) == [W1, W2, W3]
    assert set(frame["level"]) == {"naive", "rep"}
    # a1 in W2: naive 0 (|err| 50 -> 1.0), call 60 (|err| 10 -> 0.2): value added 0.8.
    assert level(frame, "a1", "rep", W2)["value"] == pytest.approx(0.8)
    # One week: no interval.
    assert pd.isna(level(frame, "a1", "rep", W2)["value_added_low"])
    pooled = value_added(org, MetricQuery(by="rep"))
    # a1 over the three weeks: actual 250; naive |err| 0 + 50 + 100 = 150 (0.6); calls 0 + 10 + 0
    # = 10 (0.04): value added 0.56.
    a1 = pooled[(pooled["scope"] == "a1") & (pooled["level"] == "rep")].iloc[0]
    assert a1["value"] == pytest.approx(0.56)
    assert a1["period"] == f"{W1} … {W3}"


def test_a_running_quarter_is_not_judged(org: Store) -> None:
    # FY2026-Q4 (October-December) has not ended on 2026-11-27: value and ratios are empty.
    frame = m20(org, by="manager", grain="quarter")
    ann = level(frame, "Ann", "manager", "FY2026-Q4")
    assert ann["status"] == "in_progress"
    assert pd.isna(ann["value"]) and pd.isna(ann["wape"])
    assert ann["actual"] == pytest.approx(500)  # the amounts so far stay


def test_rep_metrics_ignore_manager_calls(org: Store) -> None:
    # M1 for North in W1 reads the reps' calls only: 300 / (100 + 120 + 100).
    m1 = get_metric("M1").compute(org, MetricQuery(by="region", grain="week"))
    row = m1[(m1["period"] == W1) & (m1["scope"] == "North")].iloc[0]
    assert row["value"] == pytest.approx(300 / 320)
    assert row["calls"] == 3


def test_cli_by_manager(tmp_path: object) -> None:
    from pathlib import Path

    db = Path(str(tmp_path)) / "m20.duckdb"
    with make_store(db) as store:
        add_reps(store, [("a1", "North")])
        set_managers(store, {"a1": "Ann"})
    done = run_cli("metric", "M20", "--by", "manager", "--grain", "quarter", db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("metric,period,scope,value,level,wape")
    refused = run_cli("metric", "M1", "--by", "manager", db=db)
    assert refused.returncode != 0
    assert "M1 is by rep, region, company, not by manager" in refused.stderr


def test_manager_is_a_scope_of_m20_only() -> None:
    assert "manager" in get_metric("M20").scopes
    assert "manager" not in get_metric("M1").scopes
    with pytest.raises(UsageError):
        get_metric("M99")
