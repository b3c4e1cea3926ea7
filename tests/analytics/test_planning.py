"""Target planning: company → region → tier → month → rep, every level to the cent.

The small store: North has n1 (tier A) and n2 (tier B), South has s1 (tier A). Bookings of the
twelve complete months before 2026-12-03 (December 2025 … November 2026): North 300 (n1 200 in
March, n2 100 in June), South 100 (s1 in March). So region shares North 3/4, South 1/4; the
season profile March 300/400, June 100/400, every other month 0; North's tiers A 2/3, B 1/3.
A booking of November 2025 (before the window) and one of December 2026 (the running month)
must not count.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.errors import UsageError
from analytics.ingest import ingest_file
from analytics.planning import (
    PlanRequest,
    allocate,
    parse_tier_weights,
    plan_targets,
    read_weights,
    save_plan,
    season_from_weights,
)
from analytics.store import Store
from tests.analytics.fixtures import add_bookings, make_store

TODAY = date(2026, 12, 3)


def _store() -> Store:
    store = make_store()
    with store.transaction() as cur:
        for rep, region, tier in (("n1", "North", "A"), ("n2", "North", "B"), ("s1", "South", "A")):
            cur.execute(
                "INSERT INTO reps (rep, name, region, tier, load_id) VALUES (?, ?, ?, ?, 1)",
                [rep, rep.upper(), region, tier],
            )
    add_bookings(
        store,
        [
            ("o1", None, "n1", "2026-03-10", 200),
            ("o2", None, "n2", "2026-06-10", 100),
            ("o3", None, "s1", "2026-03-20", 100),
            ("o4", None, "s1", "2025-11-20", 9999),  # before the twelve months
            ("o5", None, "n1", "2026-12-01", 9999),  # the running month
            ("o6", None, "s1", "2026-04-01", 5000, "cancelled"),  # not an actual
        ],
    )
    return store


def _cell(plan: object, scope: str, month: str, column: str = "target") -> Decimal:
    t = plan.targets  # type: ignore[attr-defined]
    return Decimal(t[(t["scope"] == scope) & (t["month"] == month)][column].iloc[0])


def test_history_weights_split_the_total_to_the_cent() -> None:
    plan = plan_targets(
        _store(), PlanRequest(2027, Decimal("1000"), 0.10, rep_split="equal"), today=TODAY
    )
    t = plan.targets
    assert sum(t["target"]) == Decimal("1000.00")
    assert sum(t["stretch_target"]) == Decimal("1100.00")
    # North 750 = tier A 500 (n1) + tier B 250 (n2); South 250 (s1). March 3/4, June 1/4.
    assert _cell(plan, "n1", "2027-03") == Decimal("375.00")  # 500 × 3/4
    assert _cell(plan, "n1", "2027-06") == Decimal("125.00")
    assert _cell(plan, "n2", "2027-03") == Decimal("187.50")  # 250 × 3/4
    assert _cell(plan, "s1", "2027-06") == Decimal("62.50")  # 250 × 1/4
    assert _cell(plan, "s1", "2027-06", "stretch_target") == Decimal("68.75")  # 275 × 1/4
    assert _cell(plan, "n1", "2027-01") == Decimal("0.00")  # no bookings in January
    assert sorted(set(t["month"])) == [f"2027-{m:02d}" for m in range(1, 13)]


def test_flat_season_given_tiers_and_region_rows() -> None:
    plan = plan_targets(
        _store(),
        PlanRequest(
            2027,
            Decimal("1200"),
            0.0,
            region_weights={"North": 1, "South": 1},
            tier_weights={"A": 3, "B": 1},
            seasonality="flat",
            region_rows=True,
        ),
        today=TODAY,
    )
    # North 600: A 450, B 150; a flat year: 37.50 and 12.50 a month; South 600 → 50 a month.
    assert _cell(plan, "n1", "2027-05") == Decimal("37.50")
    assert _cell(plan, "n2", "2027-05") == Decimal("12.50")
    assert _cell(plan, "s1", "2027-05") == Decimal("50.00")
    regions = plan.targets[plan.targets["scope_type"] == "region"]
    assert len(regions) == 24
    assert _cell(plan, "North", "2027-05") == Decimal("50.00")  # the region's own row
    assert list(plan.targets["scope_type"].iloc[:1]) == ["rep"]  # rep rows come first


def test_cents_that_do_not_divide_go_to_the_largest_remainders() -> None:
    # 100.00 over three equal weights: 33.34 + 33.33 + 33.33 (the first remainder wins a tie).
    assert allocate(10_000, [1, 1, 1]) == [3334, 3333, 3333]
    # 0.05 over weights 1, 2, 2: exact 1, 2, 2 cents.
    assert allocate(5, [1, 2, 2]) == [1, 2, 2]
    # 10 cents over 0.3, 0.7: 3 and 7.
    assert allocate(10, [0.3, 0.7]) == [3, 7]


@settings(max_examples=200, deadline=None)
@given(
    total=st.integers(min_value=0, max_value=10**13),
    weights=st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=30).filter(
        lambda w: sum(w) > 0
    ),
)
def test_allocation_adds_up_and_stays_within_a_cent_of_the_share(
    total: int, weights: list[float]
) -> None:
    parts = allocate(total, weights)
    assert sum(parts) == total
    whole = sum(weights)
    for part, w in zip(parts, weights, strict=True):
        assert abs(part - total * w / whole) < 1 + 1e-6 * total / max(whole, 1)
        assert part >= 0


@settings(max_examples=25, deadline=None)
@given(
    total_cents=st.integers(min_value=1, max_value=10**11),
    north=st.floats(min_value=0.01, max_value=100),
    south=st.floats(min_value=0, max_value=100),
    a=st.floats(min_value=0.01, max_value=10),
    b=st.floats(min_value=0, max_value=10),
    season=st.lists(st.floats(min_value=0, max_value=10), min_size=12, max_size=12).filter(
        lambda s: sum(s) > 0
    ),
)
def test_every_level_adds_up_to_its_parent(
    total_cents: int, north: float, south: float, a: float, b: float, season: list[float]
) -> None:
    total = Decimal(total_cents) / 100
    plan = plan_targets(
        _STORE,
        PlanRequest(
            2027,
            total,
            0.12,
            region_weights={"North": north, "South": south},
            tier_weights={"A": a, "B": b},
            seasonality={m: w for m, w in zip(range(1, 13), season, strict=True)},
            region_rows=True,
        ),
        today=TODAY,
    )
    t = plan.targets
    reps, regions = t[t["scope_type"] == "rep"], t[t["scope_type"] == "region"]
    for column in ("target", "stretch_target"):
        assert sum(reps[column]) == sum(regions[column])
        by_rep = reps.groupby(["region", "month"])[column].sum()
        by_region = regions.set_index(["region", "month"])[column]
        assert (by_rep == by_region).all()
    assert sum(reps["target"]) == total
    assert sum(reps["stretch_target"]) == (total * Decimal("1.12")).quantize(Decimal("0.01"))


_STORE = _store()


def test_bad_input_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    store = _store()
    with pytest.raises(UsageError, match=r"unknown region\(s\) in the region weights: Mars"):
        plan_targets(store, PlanRequest(2027, Decimal(1), 0.1, region_weights={"Mars": 1}))
    with pytest.raises(UsageError, match="add up to 0"):
        plan_targets(store, PlanRequest(2027, Decimal(1), 0.1, region_weights={"North": 0}))
    with pytest.raises(UsageError, match="total must be above 0"):
        plan_targets(store, PlanRequest(2027, Decimal(0), 0.1))
    with pytest.raises(UsageError, match="tier weight 'D=1'"):
        parse_tier_weights("A=1,D=1")
    weights = tmp_path / "regions.csv"
    weights.write_text("region,weight\nNorth,2\nSouth,-1\n")
    with pytest.raises(UsageError, match=r"regions.csv, row 3, column weight: -1 is negative"):
        read_weights(weights, "region")
    season = {str(m): 1.0 for m in range(1, 12)}  # December missing
    months = [date(2027, m, 1) for m in range(1, 13)]
    with pytest.raises(UsageError, match="no weight for 2027-12"):
        season_from_weights(season, months)


def test_a_saved_plan_is_one_load_that_unload_reverts(tmp_path: Path) -> None:
    store = _store()
    plan = plan_targets(store, PlanRequest(2027, Decimal("1000"), 0.1), today=TODAY)
    load_id, version = save_plan(store, plan)
    assert version == 1
    cur = store.cursor()
    total, notes = cur.execute(
        "SELECT (SELECT sum(target) FROM targets), (SELECT notes FROM loads WHERE load_id = ?)",
        [load_id],
    ).fetchone()
    assert total == Decimal("1000.00") and notes.startswith("plan FY2027 v1: total 1,000.00")
    assert save_plan(store, plan)[1] == 2  # the next save is version 2


def test_the_plan_command_writes_a_file_that_ingest_loads(db_path: Path, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, "FORECAST_DESK_TODAY": "2026-12-03"}
    env.pop("FORECAST_DESK_NOW")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "analytics", "--db", str(db_path), *args],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip

    assert cli("demo").returncode == 0
    out = tmp_path / "plan.csv"
    made = cli("plan", "--fiscal-year", "FY2027", "--total", "120000000", "--stretch", "0.12",
               "--out", str(out))  # fmt: skip
    assert made.returncode == 0, made.stderr
    import pandas as pd

    frame = pd.read_csv(out, dtype={"target": str, "stretch_target": str})
    assert sum(Decimal(v) for v in frame["target"]) == Decimal("120000000.00")
    assert sum(Decimal(v) for v in frame["stretch_target"]) == Decimal("134400000.00")
    # Region shares equal the shares of the last twelve complete months' bookings.
    with Store(db_path, read_only=True) as store:
        cur = store.cursor()
        past = dict(
            cur.execute(
                "SELECT region, sum(amount) FROM actual_bookings WHERE booked_date >= "
                "DATE '2025-12-01' AND booked_date < DATE '2026-12-01' GROUP BY region"
            ).fetchall()
        )
        regions = dict(cur.execute("SELECT rep, region FROM rep_dim").fetchall())
    whole = sum(past.values())
    frame["region"] = frame["scope"].map(regions)
    planned = frame.groupby("region")["target"].apply(lambda s: sum(Decimal(v) for v in s))
    for region, amount in past.items():
        expected = Decimal("120000000") * amount / whole
        assert abs(planned[region] - expected) <= Decimal("0.01")
    # Month shares equal the calendar months' shares of the same bookings (each of the 12
    # region-tiers rounds its own months, so a month may be off by up to 12 cents).
    with Store(db_path, read_only=True) as store:
        by_month = dict(
            store.cursor()
            .execute(
                "SELECT month(booked_date), sum(amount) FROM actual_bookings WHERE booked_date >= "
                "DATE '2025-12-01' AND booked_date < DATE '2026-12-01' GROUP BY 1"
            )
            .fetchall()
        )
    frame["month_of_year"] = frame["month"].str[5:].astype(int)
    per_month = frame.groupby("month_of_year")["target"].apply(lambda s: sum(Decimal(v) for v in s))
    for month, amount in by_month.items():
        expected = Decimal("120000000") * amount / whole
        assert abs(per_month[month] - expected) <= Decimal("0.12")
    loaded = cli("ingest", "targets", str(out))
    assert loaded.returncode == 0, loaded.stderr
    refused = cli("plan", "--fiscal-year", "FY27", "--total", "1")
    assert refused.returncode == 2 and "FY27" in refused.stderr


def test_ingest_accepts_the_written_file(store: Store, tmp_path: Path) -> None:
    s = _store()
    plan = plan_targets(s, PlanRequest(2027, Decimal("99.99"), 0.1), today=TODAY)
    path = tmp_path / "plan.csv"
    path.write_text(plan.to_csv(), encoding="utf-8")
    report = ingest_file(s, "targets", path)
    assert report.rows == len(plan.targets)


# --- working-day linear shares -------------------------------------------------------------------


def _weekdays(first: date, end: date, holidays: set[date]) -> int:
    """Monday–Friday days in [first, end) that are not holidays (plain Python, for the check)."""
    from datetime import timedelta

    n, d = 0, first
    while d < end:
        n += d.weekday() < 5 and d not in holidays
        d += timedelta(days=1)
    return n


def test_working_days_set_the_linear_share_of_a_week() -> None:
    from analytics.metrics import get_metric
    from analytics.metrics.base import MetricQuery
    from analytics.metrics.linearity import weekly_linearity
    from tests.analytics.fixtures import add_calls, add_reps, add_targets, at

    holiday = date(2026, 1, 6)  # a Tuesday off in the week of Monday 5 January
    store = make_store(linear_share="working_days", holidays=(holiday,))
    add_reps(store, [("n1", "North")])
    add_targets(store, [("rep", "n1", f"2026-0{m}", 1000, 1300) for m in (1, 2, 3)])
    add_calls(store, [("n1", "2026-01-05", at("2026-01-04 18:00"), 300)])
    add_bookings(
        store, [("o1", None, "n1", "2026-01-02", 100), ("o2", None, "n1", "2026-03-30", 100)]
    )
    quarter_days = _weekdays(date(2026, 1, 1), date(2026, 4, 1), {holiday})  # 63
    week = MetricQuery(grain="week", date_from=date(2026, 1, 5), date_to=date(2026, 1, 5))
    row = get_metric("M2").compute(store, week).iloc[0]
    share = 3900 * 4 / quarter_days  # the week holds 4 working days
    assert row["linear_share"] == pytest.approx(share)
    assert row["value"] == pytest.approx(300 / share)
    # The M13 ideal line: Jan 1–7 holds 4 working days (1, 2, 5, 7).
    weeks = weekly_linearity(store, MetricQuery(grain="quarter"), date(2026, 1, 1))
    first = weeks[weeks["week"] == 1].iloc[0]
    assert first["ideal_share"] == pytest.approx(4 / quarter_days)
    assert weeks[weeks["week"] == 13].iloc[0]["ideal_share"] == pytest.approx(1.0)
    # With the default ("weeks") the share is a thirteenth of the quarter.
    plain = make_store()
    add_reps(plain, [("n1", "North")])
    add_targets(plain, [("rep", "n1", f"2026-0{m}", 1000, 1300) for m in (1, 2, 3)])
    add_calls(plain, [("n1", "2026-01-05", at("2026-01-04 18:00"), 300)])
    assert get_metric("M2").compute(plain, week).iloc[0]["linear_share"] == pytest.approx(300)
