"""M12 Pipeline waterfall on hand-checked data, a reconciliation property, and the CLI."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.errors import UsageError
from analytics.metrics import MetricQuery, get_metric
from analytics.metrics.waterfall import (
    MOVEMENTS,
    STEPS,
    waterfall,
    waterfall_and_deals,
    waterfall_deals,
)
from analytics.store import Store
from tests.analytics.fixtures import add_bookings, add_reps, add_snapshots, make_store
from tests.conftest import run_cli

S0, S1 = "2026-01-05", "2026-01-12"
Q = MetricQuery(s0=date(2026, 1, 5), s1=date(2026, 1, 12))  # window: FY2026-Q1 (Jan-Mar)

# rep, s0 row (stage, amount, close, category) or None, s1 row or None, what it should be
DEALS = {
    "d1": (
        "a1",
        (50, "1000.10", "2026-02-10", "pipeline"),
        (60, "1200.35", "2026-02-20", "upside"),
    ),
    "d2": (
        "a1",
        (50, "500.00", "2026-03-01", "pipeline"),
        (50, "400.50", "2026-03-15", "pipeline"),
    ),
    "d3": ("a1", (50, "300.00", "2026-04-15", "pipeline"), (70, "350.00", "2026-03-30", "upside")),
    "d4": ("a2", None, (25, "250.25", "2026-02-01", "pipeline")),
    "d5": ("a2", (50, "800.00", "2026-02-01", "omitted"), (50, "800.00", "2026-02-01", "pipeline")),
    "d6": (
        "a2",
        (50, "700.00", "2026-03-10", "pipeline"),
        (50, "750.00", "2026-05-01", "pipeline"),
    ),
    "d7": ("b1", (90, "900.00", "2026-02-15", "commit"), (100, "920.00", "2026-01-09", "won")),
    "d8": ("b1", (25, "100.01", "2026-01-20", "pipeline"), (0, "100.01", "2026-01-20", "lost")),
    "d9": ("b1", (25, "60.00", "2026-03-01", "pipeline"), None),
    "d10": ("b1", (25, "40.00", "2026-03-01", "pipeline"), (0, "40.00", "2026-03-01", "pipeline")),
    "d11": ("b1", (50, "123.45", "2026-02-02", "upside"), (50, "123.45", "2026-02-02", "upside")),
    "d12": (
        "a1",
        (50, "999.00", "2026-06-01", "pipeline"),
        (50, "999.00", "2026-07-01", "pipeline"),
    ),
    "d13": ("a1", (60, "10.00", "2026-03-05", "upside"), (60, "10.00", "2026-03-25", "upside")),
    # gone from s1; d14 was booked on 01-08 (won), d15's only order was cancelled (lost)
    "d14": ("b1", (90, "55.55", "2026-02-20", "commit"), None),
    "d15": ("b1", (90, "44.44", "2026-03-20", "commit"), None),
}
BOOKINGS = [
    ("o14", "d14", "b1", "2026-01-08", Decimal("55.55")),
    ("o15", "d15", "b1", "2026-01-08", Decimal("44.44"), "cancelled"),
    ("o16", "d9", "b1", "2026-01-05", Decimal("60.00")),  # on s0 itself: not between s0 and s1
]


def _rows(deals: dict[str, tuple]) -> list[tuple]:
    rows = []
    for opp, (rep, r0, r1) in deals.items():
        for snap, row in ((S0, r0), (S1, r1)):
            if row is not None:
                stage, amount, close, category = row
                rows.append((snap, opp, rep, stage, Decimal(amount), close, category))
    return rows


@pytest.fixture
def pipeline() -> Iterator[Store]:
    store = make_store()
    add_reps(store, [("a1", "North"), ("a2", "North"), ("b1", "South")])
    add_snapshots(store, _rows(DEALS))
    add_bookings(store, BOOKINGS)
    yield store
    store.close()


BY_HAND = {
    # in the window at s0: d1 1000.10 + d2 500 + d6 700 + d7 900 + d8 100.01 + d9 60
    # + d10 40 + d11 123.45 + d13 10 + d14 55.55 + d15 44.44 (d3, d12 close outside)
    "start": Decimal("3533.55"),
    "new": Decimal("1050.25"),  # d4 absent 250.25 + d5 omitted in s0 800.00
    "pulled_in": Decimal("350.00"),  # d3 April -> March, at its s1 amount
    "increased": Decimal("200.25"),  # d1 1200.35 - 1000.10
    "decreased": Decimal("99.50"),  # d2 500.00 - 400.50
    "pushed_out": Decimal("700.00"),  # d6 March -> May, at its s0 amount
    "won": Decimal("955.55"),  # d7 at its s0 amount (920 when won) + d14 gone but booked
    # d8 lost 100.01 + d9 gone 60 + d10 back to lead 40 + d15 gone, order cancelled 44.44
    "lost": Decimal("244.45"),
    # at s1: d1 1200.35 + d2 400.50 + d3 350 + d4 250.25 + d5 800 + d11 123.45 + d13 10
    "end": Decimal("3134.55"),
}


def test_waterfall_by_hand(pipeline: Store) -> None:
    w = waterfall(pipeline, Q)
    assert (w.window_from, w.window_to) == (date(2026, 1, 1), date(2026, 3, 31))
    assert (w.snapshot_s0, w.snapshot_s1) == (date(2026, 1, 5), date(2026, 1, 12))
    assert dict(w.amounts) == BY_HAND
    assert w.reconciles()


def test_waterfall_and_deals_sums_the_deal_rows_to_the_cent(pipeline: Store) -> None:
    w, deals = waterfall_and_deals(pipeline, Q)
    assert dict(w.amounts) == BY_HAND
    assert (w.snapshot_s0, w.snapshot_s1) == (date(2026, 1, 5), date(2026, 1, 12))
    assert (w.window_from, w.window_to) == (date(2026, 1, 1), date(2026, 3, 31))
    assert w.reconciles()
    assert len(deals) == 11 + 12 + 7  # 11 start rows, 12 movements, 7 end rows
    # South alone: won 900 + 55.55, no new deal (0, not unavailable)
    south, _ = waterfall_and_deals(pipeline, MetricQuery(s0=Q.s0, s1=Q.s1, regions=("South",)))
    assert south.amounts["won"] == Decimal("955.55")
    assert south.amounts["new"] == Decimal("0")


def test_waterfall_and_deals_without_deals_or_snapshot(pipeline: Store) -> None:
    # January 2027 holds no deal: every bar 0, the snapshots and window still known.
    empty = MetricQuery(s0=Q.s0, s1=Q.s1, date_from=date(2027, 1, 1), date_to=date(2027, 1, 31))
    w, deals = waterfall_and_deals(pipeline, empty)
    assert deals.empty
    assert set(w.amounts.values()) == {Decimal("0")}
    assert (w.snapshot_s0, w.window_to) == (date(2026, 1, 5), date(2027, 1, 31))
    # No snapshot on or before 2025-12-01: the s1 deals are listed, yet every bar is unavailable.
    w, deals = waterfall_and_deals(pipeline, MetricQuery(s0=date(2025, 12, 1), s1=Q.s1))
    assert not deals.empty
    assert not w.available
    assert all(v is None for v in w.amounts.values())


def test_metric_frame_has_the_nine_steps_in_order(pipeline: Store) -> None:
    frame = get_metric("M12").compute(pipeline, Q)
    assert list(frame.columns) == ["metric", "step", "amount"]
    assert list(frame["step"]) == list(STEPS)
    assert set(frame["metric"]) == {"M12"}
    assert frame.set_index("step").loc["increased", "amount"] == pytest.approx(200.25)


def test_each_deal_lands_in_one_movement(pipeline: Store) -> None:
    deals = waterfall_deals(pipeline, Q)
    moves = deals[deals["step"].isin(MOVEMENTS)]
    assert dict(zip(moves["opportunity_id"], moves["step"], strict=True)) == {
        "d1": "increased",
        "d2": "decreased",
        "d3": "pulled_in",
        "d4": "new",
        "d5": "new",
        "d6": "pushed_out",
        "d7": "won",
        "d8": "lost",
        "d9": "lost",
        "d10": "lost",
        "d14": "won",
        "d15": "lost",
    }
    start = set(deals.loc[deals["step"] == "start", "opportunity_id"])
    assert start == {"d1", "d2", "d6", "d7", "d8", "d9", "d10", "d11", "d13", "d14", "d15"}
    end = set(deals.loc[deals["step"] == "end", "opportunity_id"])
    assert end == {"d1", "d2", "d3", "d4", "d5", "d11", "d13"}
    # The drill-down adds up to the bars: decreased d2 = 99.50.
    assert moves.set_index("opportunity_id").loc["d2", "amount"] == pytest.approx(99.50)


def test_region_and_rep_filters(pipeline: Store) -> None:
    south = waterfall(pipeline, MetricQuery(s0=Q.s0, s1=Q.s1, regions=("South",)))
    # South: start 900 + 100.01 + 60 + 40 + 123.45 + 55.55 + 44.44 = 1323.45;
    # won 900 + 55.55; lost 100.01 + 60 + 40 + 44.44; end 123.45
    assert south.amounts["start"] == Decimal("1323.45")
    assert south.amounts["won"] == Decimal("955.55")
    assert south.amounts["lost"] == Decimal("244.45")
    assert south.amounts["end"] == Decimal("123.45")
    assert south.amounts["new"] == Decimal("0")
    a1 = waterfall(pipeline, MetricQuery(s0=Q.s0, s1=Q.s1, reps=("a1",)))
    # a1: start 1000.10 + 500 + 10 = 1510.10; + pulled in 350 + increased 200.25
    # - decreased 99.50 = end 1200.35 + 400.50 + 350 + 10 = 1960.85
    assert a1.amounts["start"] == Decimal("1510.10")
    assert a1.amounts["end"] == Decimal("1960.85")
    assert a1.reconciles()


def test_explicit_window(pipeline: Store) -> None:
    feb = waterfall(
        pipeline,
        MetricQuery(s0=Q.s0, s1=Q.s1, date_from=date(2026, 2, 1), date_to=date(2026, 2, 28)),
    )
    # February at s0: d1 1000.10 + d7 900 + d11 123.45 + d14 55.55 = 2079.10
    # at s1: d1 1200.35 + d4 250.25 + d5 800 + d11 123.45 = 2374.05
    assert feb.amounts["start"] == Decimal("2079.10")
    assert feb.amounts["new"] == Decimal("1050.25")
    assert feb.amounts["won"] == Decimal("955.55")
    assert feb.amounts["end"] == Decimal("2374.05")
    assert feb.reconciles()


def test_snapshot_dates_resolve_to_the_latest_before(pipeline: Store) -> None:
    # 2026-01-08 resolves to the snapshot of the 5th (3 days old), the 14th to the 12th.
    w = waterfall(pipeline, MetricQuery(s0=date(2026, 1, 8), s1=date(2026, 1, 14)))
    assert (w.snapshot_s0, w.snapshot_s1) == (date(2026, 1, 5), date(2026, 1, 12))
    assert w.amounts["start"] == Decimal("3533.55")


def test_unavailable_when_a_snapshot_is_missing(pipeline: Store) -> None:
    # No snapshot on or before 2025-12-01: every bar is unavailable, never 0.
    w = waterfall(pipeline, MetricQuery(s0=date(2025, 12, 1), s1=date(2026, 1, 12)))
    assert not w.available
    assert all(v is None for v in w.amounts.values())
    frame = get_metric("M12").compute(pipeline, MetricQuery(s0=date(2025, 12, 1), s1=Q.s1))
    assert frame["amount"].isna().all()


def test_s0_must_be_before_s1(pipeline: Store) -> None:
    with pytest.raises(UsageError):
        waterfall(pipeline, MetricQuery(s0=Q.s1, s1=Q.s0))
    with pytest.raises(UsageError):
        waterfall(pipeline, MetricQuery(s0=Q.s0))


# -- property: the bars reconcile to the cent and every deal lands in one movement ---------------
STAGES = (0, 10, 25, 50, 90, 100)
CATEGORIES = ("commit", "upside", "pipeline", "omitted", "won", "lost")
CLOSES = ("2025-12-20", "2026-01-01", "2026-02-14", "2026-03-31", "2026-04-01", "2026-06-30")
OPEN = ("commit", "upside", "pipeline")
row_strategy = st.one_of(
    st.none(),
    st.tuples(
        st.sampled_from(STAGES),
        st.integers(min_value=0, max_value=10_000_000).map(lambda c: Decimal(c) / 100),
        st.sampled_from(CLOSES),
        st.sampled_from(CATEGORIES),
    ),
)
deal_strategy = st.tuples(st.sampled_from(("a1", "b1")), row_strategy, row_strategy)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Store]:
    store = make_store()
    add_reps(store, [("a1", "North"), ("b1", "South")])
    yield store
    store.close()


def _in_window(row: tuple | None) -> bool:
    if row is None:
        return False
    stage, _, close, category = row
    return 0 < stage < 100 and category in OPEN and "2026-01-01" <= close <= "2026-03-31"


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(deal_strategy, max_size=8))
def test_waterfall_reconciles_for_random_snapshots(scratch: Store, deals: list[tuple]) -> None:
    with scratch.transaction() as cur:
        cur.execute("DELETE FROM snapshots")
    # A deal far outside the window keeps both snapshots present whatever was drawn.
    sentinel = (
        "b1",
        (50, Decimal(1), "2030-01-01", "pipeline"),
        (50, Decimal(2), "2030-01-01", "pipeline"),
    )
    add_snapshots(
        scratch, _rows({"sentinel": sentinel, **{f"x{i}": d for i, d in enumerate(deals)}})
    )
    w = waterfall(scratch, Q)
    assert (w.snapshot_s0, w.snapshot_s1) == (Q.s0, Q.s1)
    a = {step: amount for step, amount in w.amounts.items() if amount is not None}
    assert len(a) == len(STEPS)
    assert (
        a["start"]
        + a["new"]
        + a["pulled_in"]
        + a["increased"]
        - a["decreased"]
        - a["pushed_out"]
        - a["won"]
        - a["lost"]
        == a["end"]
    )
    # Independent oracle for the two ends of the waterfall.
    keyed = {f"x{i}": deal for i, deal in enumerate(deals)}
    in0 = {k for k, (_, r0, _) in keyed.items() if _in_window(r0)}
    in1 = {k for k, (_, _, r1) in keyed.items() if _in_window(r1)}
    assert a["start"] == sum((keyed[k][1][1] for k in in0), Decimal(0))
    assert a["end"] == sum((keyed[k][2][1] for k in in1), Decimal(0))
    # Every deal of the window moves exactly once, unless it stayed with the same amount.
    detail = waterfall_deals(scratch, Q)
    moved = detail[detail["step"].isin(MOVEMENTS)]["opportunity_id"]
    assert moved.is_unique
    # The bars summed from the deal rows are the SQL's totals to the cent.
    assert waterfall_and_deals(scratch, Q)[0] == w
    still = {k for k in in0 & in1 if keyed[k][1][1] == keyed[k][2][1]}
    assert set(moved) == (in0 | in1) - still


# -- CLI ---------------------------------------------------------------------------------------
def test_cli_prints_the_waterfall(db_path: Path) -> None:
    with Store(db_path) as store:
        add_reps(store, [("a1", "North"), ("a2", "North"), ("b1", "South")])
        add_snapshots(store, _rows(DEALS))
        add_bookings(store, BOOKINGS)
    done = run_cli("metric", "M12", "--s0", S0, "--s1", S1, db=db_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == ["metric", "step", "amount"]
    assert [r["step"] for r in rows] == list(STEPS)
    assert Decimal(rows[0]["amount"]) == Decimal("3533.55")
    assert Decimal(rows[-1]["amount"]) == Decimal("3134.55")
    done = run_cli(
        "metric", "M12", "--s0", S0, "--s1", S1, "--region", "South", "--format", "json", db=db_path
    )
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert records[0] == {"metric": "M12", "step": "start", "amount": 1323.45}
    missing = run_cli("metric", "M12", "--s0", S0, db=db_path)
    assert missing.returncode == 2
    assert "--s1" in missing.stderr
