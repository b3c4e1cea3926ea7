"""M9 coverage, M10/M10c growth, M11 quality, M11s score and the pipeline deal lists, by hand."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.metrics import MetricQuery, get_metric
from analytics.metrics.pipeline import (
    SCORE_COLUMNS,
    narrow_deals,
    past_due_deals,
    pipeline_deals,
    quality_scores,
    scores_of,
    slipped_deals,
    stage_distribution,
    stale_deals,
)
from analytics.store import Store
from tests.analytics.fixtures import (
    add_bookings,
    add_reps,
    add_snapshots,
    add_targets,
    make_store,
)
from tests.conftest import run_cli


def add_deals(store: Store, rows: Iterable[Sequence[Any]]) -> None:
    """(snapshot_date, opportunity_id, rep, stage, amount, close_date, category, created_date)."""
    with store.transaction() as cur:
        cur.executemany(
            "INSERT INTO snapshots (snapshot_date, opportunity_id, opportunity_name, rep, stage, "
            "amount, close_date, forecast_category, created_date, load_id) "
            "VALUES (?, ?, 'Deal ' || ?, ?, ?, ?, ?, ?, ?, 1)",
            [(r[0], r[1], r[1], *r[2:]) for r in rows],
        )


def cell(frame: pd.DataFrame, period: str, scope: str, column: str = "value") -> Any:
    rows = frame[(frame["period"] == period) & (frame["scope"] == scope)]
    assert len(rows) == 1, f"expected one row for {period}/{scope}, got {len(rows)}"
    return rows.iloc[0][column]


def run(store: Store, metric: str, **query: Any) -> pd.DataFrame:
    return get_metric(metric).compute(store, MetricQuery(**query))


# -- M9 Pipeline coverage ------------------------------------------------------------------------
@pytest.fixture
def coverage() -> Iterator[Store]:
    """Snapshot 2026-02-02. Stretch per month (Feb, Mar): a1 1000, a2 500 (North = 1500 from
    reps), b1 300 with South's own row 400. Actual up to the snapshot: a1 200, b1 100."""
    store = make_store()
    add_reps(store, [("a1", "North"), ("a2", "North"), ("b1", "South")])
    add_targets(
        store,
        [("rep", "a1", m, 800, 1000) for m in ("2026-02", "2026-03")]
        + [("rep", "a2", m, 400, 500) for m in ("2026-02", "2026-03")]
        + [("rep", "b1", m, 250, 300) for m in ("2026-02", "2026-03")]
        + [("region", "South", m, 350, 400) for m in ("2026-02", "2026-03")],
    )
    add_bookings(
        store,
        [
            ("o1", None, "a1", "2026-02-01", 200),
            ("o2", None, "a1", "2026-02-10", 999),  # after the snapshot: not yet booked then
            ("o3", None, "b1", "2026-02-02", 100),  # on the snapshot date: counts
            ("o4", None, "a2", "2026-02-01", 50, "cancelled"),
        ],
    )
    snap = "2026-02-02"
    add_snapshots(
        store,
        [
            (snap, "x1", "a1", 50, 1200, "2026-02-20", "pipeline"),
            (snap, "x2", "a1", 90, 300, "2026-03-15", "commit"),
            (snap, "x3", "a1", 100, 500, "2026-02-05", "won"),  # not open
            (snap, "x4", "a1", 0, 700, "2026-02-05", "pipeline"),  # a lead: not open
            (snap, "x5", "a2", 25, 600, "2026-02-25", "pipeline"),
            (snap, "x6", "a2", 50, 900, "2026-02-25", "omitted"),  # not open
            (snap, "x7", "b1", 60, 450, "2026-02-10", "upside"),
            (snap, "x8", "b1", 0, 80, "2026-02-10", "lost"),
            ("2026-01-05", "x1", "a1", 50, 5000, "2026-02-20", "pipeline"),  # older snapshot
        ],
    )
    yield store
    store.close()


def test_m9_by_rep(coverage: Store) -> None:
    frame = run(coverage, "M9", by="rep")
    assert list(frame.columns[:6]) == [
        "metric",
        "period",
        "scope",
        "value",
        "open_pipeline",
        "remaining_target",
    ]
    # a1 Feb: 1200 / (1000 - 200) = 1.5 (healthy: at or above 150%)
    assert cell(frame, "2026-02", "a1") == pytest.approx(1.5)
    assert cell(frame, "2026-02", "a1", "status") == "healthy"
    # a2 Feb: 600 / (500 - 0; the cancelled order is no actual) = 1.2
    assert cell(frame, "2026-02", "a2") == pytest.approx(1.2)
    assert cell(frame, "2026-02", "a2", "status") == "below"
    # b1 Feb: 450 / (300 - 100) = 2.25
    assert cell(frame, "2026-02", "b1") == pytest.approx(2.25)
    # March: a1 300 / 1000; a2 has a target and no pipeline: 0 / 500 = 0
    assert cell(frame, "2026-03", "a1") == pytest.approx(0.3)
    assert cell(frame, "2026-03", "a2") == 0
    # Default window: February (the snapshot's month) to June; only Feb and Mar have rows.
    assert set(frame["period"]) == {"2026-02", "2026-03"}


def test_m9_rolls_up_numerators_and_denominators(coverage: Store) -> None:
    region = run(coverage, "M9", by="region")
    # North: (1200 + 600) / (1500 - 200) = 1800 / 1300
    assert cell(region, "2026-02", "North") == pytest.approx(1800 / 1300)
    assert cell(region, "2026-02", "North", "remaining_target") == 1300
    # South uses its own target row: 450 / (400 - 100) = 1.5
    assert cell(region, "2026-02", "South") == pytest.approx(1.5)
    company = run(coverage, "M9")
    # company = North 1500 + South 400 = 1900 stretch; 2250 / (1900 - 300) = 1.40625
    assert cell(company, "2026-02", "company") == pytest.approx(2250 / 1600)
    assert cell(company, "2026-02", "company", "open_deals") == 3  # x1, x5, x7


def test_m9_filters(coverage: Store) -> None:
    north = run(coverage, "M9", by="region", regions=("North",))
    assert set(north["scope"]) == {"North"}
    only_a1 = run(coverage, "M9", reps=("a1",))
    # the company of a1 alone: 1200 / (1000 - 200)
    assert cell(only_a1, "2026-02", "company") == pytest.approx(1.5)


def test_m9_unavailable_when_nothing_is_left_or_no_snapshot(coverage: Store) -> None:
    add_reps(coverage, [("c1", "East")])
    add_targets(coverage, [("rep", "c1", "2026-02", 100, 100)])
    add_bookings(coverage, [("o9", None, "c1", "2026-02-01", 150)])
    add_snapshots(coverage, [("2026-02-02", "x9", "c1", 50, 70, "2026-02-20", "pipeline")])
    frame = run(coverage, "M9", by="rep")
    # c1: stretch 100 - actual 150 -> remaining max(-50, 0) = 0 -> unavailable, not infinite
    assert cell(frame, "2026-02", "c1", "remaining_target") == 0
    assert pd.isna(cell(frame, "2026-02", "c1"))
    assert pd.isna(cell(frame, "2026-02", "c1", "status"))
    # As of 2026-03-01 the latest snapshot is 27 days old: unavailable, never 0.
    stale = run(coverage, "M9", by="rep", as_of=date(2026, 3, 1))
    assert set(stale["period"]) == {"2026-03"}
    assert stale["value"].isna().all()
    assert stale["open_pipeline"].isna().all()


def test_m9_by_quarter_with_an_august_fiscal_year() -> None:
    store = make_store(fiscal_year_start_month=8)
    add_reps(store, [("a1", "North")])
    add_targets(store, [("rep", "a1", m, 100, 100) for m in ("2025-08", "2025-09", "2025-10")])
    add_bookings(store, [("o1", None, "a1", "2025-08-15", 50)])
    add_snapshots(
        store,
        [
            ("2025-09-01", "y1", "a1", 50, 200, "2025-09-15", "pipeline"),
            ("2025-09-01", "y2", "a1", 50, 100, "2025-10-31", "pipeline"),
            ("2025-09-01", "y3", "a1", 50, 400, "2025-11-01", "pipeline"),
        ],
    )
    frame = run(store, "M9", by="rep", grain="quarter")
    # FY2026-Q1 = Aug-Oct 2025: (200 + 100) / (300 - 50) = 1.2
    assert cell(frame, "FY2026-Q1", "a1") == pytest.approx(1.2)
    # November is FY2026-Q2, which has no stretch target: unavailable.
    assert pd.isna(cell(frame, "FY2026-Q2", "a1"))
    assert cell(frame, "FY2026-Q2", "a1", "open_pipeline") == 400


# -- M10 / M10c Pipeline and commit growth ---------------------------------------------------
@pytest.fixture
def growth() -> Iterator[Store]:
    """Last snapshots: January 01-26, February 02-23, no March, April 04-06.

    open pipeline (commit)  01-26        02-23
    a1 North                1000 (400)   1150 (400)
    a2 North                 200 (  0)    214 (  0)
    b1 South                 500 (  0)    520 (100)
    """
    store = make_store()
    add_reps(store, [("a1", "North"), ("a2", "North"), ("b1", "South")])
    rows = [
        ("2026-01-05", "g1", "a1", 50, 9999, "2026-03-01", "pipeline"),  # not the month's last
        ("2026-01-26", "g1", "a1", 50, 600, "2026-03-01", "pipeline"),
        ("2026-01-26", "g2", "a1", 90, 400, "2026-03-01", "commit"),
        ("2026-01-26", "g3", "a2", 50, 200, "2026-03-01", "upside"),
        ("2026-01-26", "g4", "b1", 50, 500, "2026-03-01", "pipeline"),
        ("2026-01-26", "g9", "b1", 100, 800, "2026-01-20", "won"),  # not open
        ("2026-02-02", "g1", "a1", 50, 5555, "2026-03-01", "pipeline"),  # not the month's last
        ("2026-02-23", "g1", "a1", 50, 750, "2026-03-01", "pipeline"),
        ("2026-02-23", "g2", "a1", 90, 400, "2026-03-01", "commit"),
        ("2026-02-23", "g3", "a2", 50, 214, "2026-03-01", "upside"),
        ("2026-02-23", "g4", "b1", 50, 420, "2026-03-01", "pipeline"),
        ("2026-02-23", "g5", "b1", 90, 100, "2026-03-01", "commit"),
        ("2026-04-06", "g1", "a1", 50, 1200, "2026-06-01", "pipeline"),
    ]
    add_snapshots(store, rows)
    yield store
    store.close()


def test_m10_by_rep_region_company(growth: Store) -> None:
    rep = run(growth, "M10", by="rep")
    assert pd.isna(cell(rep, "2026-01", "a1"))  # no December snapshot
    # a1: (1150 - 1000) / 1000 = 0.15 -> good (>= 10%)
    assert cell(rep, "2026-02", "a1") == pytest.approx(0.15)
    assert cell(rep, "2026-02", "a1", "pipeline_change") == 150
    assert cell(rep, "2026-02", "a1", "previous_pipeline") == 1000
    assert cell(rep, "2026-02", "a1", "status") == "good"
    # a2: 14 / 200 = 0.07 -> normal; b1: 20 / 500 = 0.04 -> below floor
    assert cell(rep, "2026-02", "a2", "status") == "normal"
    assert cell(rep, "2026-02", "b1") == pytest.approx(0.04)
    assert cell(rep, "2026-02", "b1", "status") == "below_floor"
    # April: March has no snapshot -> unavailable
    assert pd.isna(cell(rep, "2026-04", "a1"))
    region = run(growth, "M10", by="region")
    # North: (1150 + 214 - 1200) / 1200 = 164 / 1200
    assert cell(region, "2026-02", "North") == pytest.approx(164 / 1200)
    company = run(growth, "M10")
    # company: (1884 - 1700) / 1700
    assert cell(company, "2026-02", "company") == pytest.approx(184 / 1700)
    south = run(growth, "M10", regions=("South",))
    assert cell(south, "2026-02", "company") == pytest.approx(0.04)


def test_m10c_commit_growth(growth: Store) -> None:
    rep = run(growth, "M10c", by="rep")
    assert list(rep.columns[4:6]) == ["commit_change", "previous_commit"]
    assert cell(rep, "2026-02", "a1") == 0  # 400 -> 400
    # b1 had no commit at the end of January: growth from 0 is unavailable, not infinite
    assert pd.isna(cell(rep, "2026-02", "b1"))
    assert cell(rep, "2026-02", "b1", "commit") == 100
    company = run(growth, "M10c", date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))
    # (400 + 100 - 400) / 400 = 0.25
    assert list(company["period"]) == ["2026-02"]
    assert cell(company, "2026-02", "company") == pytest.approx(0.25)
    north = run(growth, "M10c", regions=("North",))
    assert cell(north, "2026-02", "company") == 0  # a1 alone: 400 -> 400
    assert pd.isna(cell(run(growth, "M10c", reps=("b1",)), "2026-02", "company"))


# -- M11 Pipeline quality, M11s and the deal lists -----------------------------------------------
WEEKS = ("2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09")


@pytest.fixture
def quality() -> Iterator[Store]:
    """Six weekly snapshots; the evaluation snapshot is 2026-02-09, the month before 01-05.

    At 02-09 (open):           stage  amount  close       created     notes
      e1 a1 commit               60    1000   2026-03-31  2025-12-01  unchanged since 01-19
      e2 a1 upside               90     500   2026-02-01  2026-01-10  past due, conflict
      e3 a1 pipeline             25     300   2026-03-15  -           slipped (twice)
      e4 b1 commit               90    2000   2026-04-30  2026-01-01  grows every week
      e5 b1 pipeline             10     100   2026-05-31  2026-02-09  new on 02-02
    Not open at 02-09: e6 won, e7 lost.
    """
    store = make_store()
    add_reps(store, [("a1", "North"), ("b1", "South")])
    w = WEEKS
    rows: list[tuple[Any, ...]] = []
    for i, snap in enumerate(w):
        stage = 50 if i < 2 else 60
        rows.append((snap, "e1", "a1", stage, 1000, "2026-03-31", "commit", "2025-12-01"))
        e3_close = ("2026-01-31", "2026-01-31", "2026-02-28", "2026-02-28", "2026-02-28")
        rows.append((snap, "e3", "a1", 25, 300, (*e3_close, "2026-03-15")[i], "pipeline", None))
        rows.append(
            (
                snap,
                "e4",
                "b1",
                (50, 60, 70, 80, 90, 90)[i],
                1000 + 200 * i,
                "2026-04-30",
                "commit",
                "2026-01-01",
            )
        )
    for i, snap in enumerate(w[1:]):
        rows.append(
            (
                snap,
                "e2",
                "a1",
                (70, 80, 90, 90, 90)[i],
                (400, 450, 480, 490, 500)[i],
                "2026-02-01",
                "upside",
                "2026-01-10",
            )
        )
    rows += [
        (w[4], "e5", "b1", 10, 100, "2026-05-31", "pipeline", "2026-02-09"),
        (w[5], "e5", "b1", 10, 100, "2026-05-31", "pipeline", "2026-02-09"),
        (w[3], "e6", "a1", 90, 700, "2026-02-05", "commit", "2026-01-20"),
        (w[4], "e6", "a1", 90, 700, "2026-02-05", "commit", "2026-01-20"),
        (w[5], "e6", "a1", 100, 700, "2026-02-05", "won", "2026-01-20"),
        (w[4], "e7", "b1", 25, 50, "2026-03-01", "pipeline", "2026-01-25"),
        (w[5], "e7", "b1", 0, 50, "2026-03-01", "lost", "2026-01-25"),
    ]
    add_deals(store, rows)
    yield store
    store.close()


def test_m11_components_by_rep(quality: Store) -> None:
    frame = run(quality, "M11", by="rep")
    assert set(frame["period"]) == {"2026-02"}
    a1 = frame.set_index("scope").loc["a1"]
    assert a1["value"] == pytest.approx(1500 / 1800)  # (e1 1000 + e2 500) / 1800 at >= 60
    assert a1["weighted_pipeline"] == pytest.approx(1125)  # 600 + 450 + 75
    assert a1["avg_age_days"] == pytest.approx(50)  # (e1 70 days + e2 30 days) / 2; e3 has none
    assert a1["stale_deals"] == 1  # e1: 01-19, 01-26, 02-02, 02-09 alike
    assert a1["past_due_deals"] == 1  # e2 closes 02-01
    assert a1["slipped_deals"] == 1  # e3 February -> March
    assert a1["conflicts"] == 2  # e1 commit at 60; e2 upside at 90
    assert a1["open_deals"] == 3
    # The month before: the snapshot as of 2026-01-09 is 01-05 (e1 at 50, e3).
    assert a1["prev_snapshot_date"] == pd.Timestamp("2026-01-05")
    assert a1["prev_value"] == 0
    assert a1["prev_weighted_pipeline"] == pytest.approx(575)  # 500 + 75
    assert a1["prev_conflicts"] == 1
    assert pd.isna(a1["prev_stale_deals"])  # the first snapshot has no history of 4
    assert pd.isna(a1["prev_slipped_deals"])  # nor one before it
    b1 = frame.set_index("scope").loc["b1"]
    assert b1["value"] == pytest.approx(2000 / 2100)
    assert b1["avg_age_days"] == pytest.approx(19.5)  # (39 + 0) / 2
    assert (b1["stale_deals"], b1["past_due_deals"], b1["conflicts"]) == (0, 0, 0)


def test_m11_rolls_up_and_filters(quality: Store) -> None:
    company = run(quality, "M11")
    c = company.iloc[0]
    assert c["value"] == pytest.approx(3500 / 3900)
    assert c["avg_age_days"] == pytest.approx((70 + 30 + 39 + 0) / 4)
    assert (c["stale_deals"], c["slipped_deals"], c["conflicts"], c["open_deals"]) == (1, 1, 2, 5)
    south = run(quality, "M11", regions=("South",))
    assert south.iloc[0]["value"] == pytest.approx(2000 / 2100)


def test_m11_unavailable_and_range(quality: Store) -> None:
    old = run(quality, "M11", by="rep", as_of=date(2026, 3, 1))  # 02-09 is 20 days old
    assert set(old["scope"]) == {"a1", "b1"}
    assert old["value"].isna().all()
    assert old["open_deals"].isna().all()
    monthly = run(quality, "M11", by="rep", date_from=date(2026, 1, 1))
    # The last snapshot of January is 01-26: e1 has been alike for 2 snapshots only.
    assert cell(monthly, "2026-01", "a1", "snapshot_date") == pd.Timestamp("2026-01-26")
    assert cell(monthly, "2026-01", "a1", "stale_deals") == 0
    assert cell(monthly, "2026-02", "a1", "stale_deals") == 1


def test_m11s_score_by_hand(quality: Store) -> None:
    frame = run(quality, "M11s", by="rep")
    a1 = frame.set_index("scope").loc["a1"]
    expected = (
        100 * 1500 / 1800  # quality share
        + 100 * 1125 / 1800  # weighted share
        + 100 * 365 / (365 + 50)  # age
        + 3 * 100 * (1 - 1 / 3)  # stale, past due, slipped: 1 of 3 deals each
        + 100 * (1 - 2 / 3)  # conflicts
    ) / 7
    assert a1["value"] == pytest.approx(expected)
    # The month before (01-05): quality 0, weighted 575/1300, age 35, conflicts 1 of 2;
    # stale and slipped unknown there, so the mean is over five scores.
    before = (0 + 100 * 575 / 1300 + 100 * 365 / 400 + 100 + 100 * (1 - 1 / 2)) / 5
    assert a1["prev_value"] == pytest.approx(before)
    assert set(SCORE_COLUMNS) <= set(frame.columns)


def test_m11s_from_the_m11_frame(quality: Store) -> None:
    m11 = run(quality, "M11", by="rep")
    a1 = scores_of(m11).set_index("scope").loc["a1"]
    # the hand-computed scores of test_m11s_score_by_hand, now and the month before
    now = (
        100 * 1500 / 1800
        + 100 * 1125 / 1800
        + 100 * 365 / (365 + 50)
        + 3 * 100 * (1 - 1 / 3)
        + 100 * (1 - 2 / 3)
    ) / 7
    assert a1["value"] == pytest.approx(now)
    assert a1["prev_value"] == pytest.approx((0 + 100 * 575 / 1300 + 100 * 365 / 400 + 150) / 5)
    # every grain and scope: the frame M11s itself gives
    for by, grain in (("rep", "month"), ("region", "week"), ("company", "quarter")):
        query = MetricQuery(by=by, grain=grain)  # type: ignore[arg-type]
        pd.testing.assert_frame_equal(
            scores_of(get_metric("M11").compute(quality, query)),
            get_metric("M11s").compute(quality, query),
        )


def test_m11s_rolls_up_components_not_scores(quality: Store) -> None:
    company = run(quality, "M11s").iloc[0]
    # company totals: quality 3500 / 3900, weighted 2935 / 3900, age 34.75 days,
    # stale, past due, slipped 1 of 5 deals each, conflicts 2 of 5
    expected = (
        100 * 3500 / 3900
        + 100 * 2935 / 3900
        + 100 * 365 / (365 + 34.75)
        + 3 * 100 * (1 - 1 / 5)
        + 100 * (1 - 2 / 5)
    ) / 7
    assert company["value"] == pytest.approx(expected)
    old = run(quality, "M11s", by="rep", as_of=date(2026, 3, 1))  # no snapshot that recent
    assert old["value"].isna().all()


def _score(store: Store) -> float:
    return float(run(store, "M11s", reps=("a1",))["value"].iloc[0])


def test_m11s_falls_when_the_data_worsens(quality: Store) -> None:
    base = _score(quality)
    with quality.transaction() as cur:  # e3 drops from 25% to 10%: weighted pipeline only
        cur.execute(
            "UPDATE snapshots SET stage = 10 WHERE opportunity_id = 'e3' AND snapshot_date = '2026-02-09'"
        )
    lower = _score(quality)
    assert lower < base
    with quality.transaction() as cur:  # e3 turns commit at 10%: one more conflict only
        cur.execute(
            "UPDATE snapshots SET forecast_category = 'commit' "
            "WHERE opportunity_id = 'e3' AND snapshot_date = '2026-02-09'"
        )
    assert _score(quality) < lower


components = st.integers(min_value=1, max_value=50).flatmap(
    lambda n: st.fixed_dictionaries(
        {
            "open_deals": st.just(n),
            "open_amount": st.just(1000),
            "quality_amount": st.integers(0, 1000),
            "weighted_pipeline": st.integers(0, 990),
            "avg_age_days": st.integers(0, 2000),
            "stale_deals": st.integers(0, n),
            "past_due_deals": st.integers(0, n),
            "slipped_deals": st.integers(0, n),
            "conflicts": st.integers(0, n),
        }
    )
)


@settings(max_examples=200, deadline=None)
@given(components, st.sampled_from(SCORE_COLUMNS), st.integers(1, 500))
def test_m11s_moves_down_when_any_component_worsens(
    row: dict[str, int], score: str, step: int
) -> None:
    """Worsen one component by `step` (within its range), keep the rest: the score falls."""
    worse = dict(row)
    n = row["open_deals"]
    if score == "quality_score":
        if row["quality_amount"] == 0:
            return
        worse["quality_amount"] = max(row["quality_amount"] - step, 0)
    elif score == "weighted_score":
        if row["weighted_pipeline"] == 0:
            return
        worse["weighted_pipeline"] = max(row["weighted_pipeline"] - step, 0)
    elif score == "age_score":
        worse["avg_age_days"] = row["avg_age_days"] + step
    else:
        col = {
            "stale_score": "stale_deals",
            "past_due_score": "past_due_deals",
            "slipped_score": "slipped_deals",
            "conflict_score": "conflicts",
        }[score]
        if row[col] == n:
            return
        worse[col] = min(row[col] + step, n)
    scores = quality_scores(pd.DataFrame([row, worse]))
    assert scores["score"].iloc[1] < scores["score"].iloc[0]
    assert scores[score].iloc[1] < scores[score].iloc[0]
    assert 0 <= scores["score"].iloc[1] <= 100


def test_deal_lists(quality: Store) -> None:
    slipped = slipped_deals(quality, MetricQuery())
    assert list(slipped["opportunity_id"]) == ["e3"]
    e3 = slipped.iloc[0]
    # e3: 01-31 -> 02-28 on 01-19, -> 03-15 on 02-09
    assert e3["slip_count"] == 2
    assert bool(e3["slipped_last"])
    assert e3["previous_close_date"] == pd.Timestamp("2026-02-28")
    assert e3["first_close_date"] == pd.Timestamp("2026-01-31")
    assert e3["days_slipped"] == 43  # 01-31 -> 03-15
    stale = stale_deals(quality, MetricQuery())
    assert list(stale["opportunity_id"]) == ["e1"]
    assert stale.iloc[0]["unchanged_snapshots"] == 4
    assert stale.iloc[0]["unchanged_since"] == pd.Timestamp("2026-01-19")
    due = past_due_deals(quality, MetricQuery())
    assert list(due["opportunity_id"]) == ["e2"]
    assert due.iloc[0]["days_past_due"] == 8  # 02-01 -> 02-09
    assert slipped_deals(quality, MetricQuery(by="region"), scope="South").empty
    # As of 02-02 e3 had slipped once (on 01-19) and not against the snapshot before.
    earlier = slipped_deals(quality, MetricQuery(as_of=date(2026, 2, 2)))
    assert (earlier.iloc[0]["slip_count"], bool(earlier.iloc[0]["slipped_last"])) == (1, False)


def test_deal_lists_cut_from_the_open_list(quality: Store) -> None:
    every = pipeline_deals(quality, MetricQuery(), "all")
    # open at 02-09: e1, e2, e3, e4, e5 (e6 won, e7 lost), largest first: e4 2000 (1000 + 5 *
    # 200), e1 1000, e2 500, e3 300, e5 100
    assert list(every["opportunity_id"]) == ["e4", "e1", "e2", "e3", "e5"]
    assert list(narrow_deals(every, "slipped")["opportunity_id"]) == ["e3"]
    assert list(narrow_deals(every, "stale")["opportunity_id"]) == ["e1"]
    assert list(narrow_deals(every, "past_due")["opportunity_id"]) == ["e2"]
    assert narrow_deals(every, "all") is every
    for kind in ("slipped", "stale", "past_due"):
        alone = pipeline_deals(quality, MetricQuery(), kind)  # type: ignore[arg-type]
        pd.testing.assert_frame_equal(narrow_deals(every, kind), alone)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        narrow_deals(every, "late")  # type: ignore[arg-type]


def test_deal_lists_keep_the_sql_order() -> None:
    # Ties on the key keep the open list's order (amount, then id); NULL keys go last.
    every = pd.DataFrame(
        {
            "opportunity_id": ["a", "b", "c", "d", "e"],
            "amount": [900.0, 500.0, 500.0, 300.0, 100.0],
            "slip_count": [1, 2, 1, 0, 2],
            "unchanged_snapshots": [4, 9, 4, 5, 1],
            "stale": [True, True, True, True, False],
            "past_due": [True, True, False, True, True],
            "days_past_due": [3.0, None, 0.0, 7.0, 3.0],
        }
    )
    assert list(narrow_deals(every, "slipped")["opportunity_id"]) == ["b", "e", "a", "c"]
    assert list(narrow_deals(every, "stale")["opportunity_id"]) == ["b", "d", "a", "c"]
    assert list(narrow_deals(every, "past_due")["opportunity_id"]) == ["d", "a", "e", "b"]


def test_stage_distribution(quality: Store) -> None:
    frame = stage_distribution(quality, MetricQuery())
    assert list(frame["stage"]) == [0, 25, 50, 60, 70, 80, 90]
    by_stage = frame.set_index("stage")
    # e5 at 10% counts in 0; e3 25; e1 60; e2 and e4 at 90
    assert by_stage["deals"].to_dict() == {0: 1, 25: 1, 50: 0, 60: 1, 70: 0, 80: 0, 90: 2}
    assert by_stage.loc[90, "amount"] == 2500
    south = stage_distribution(quality, MetricQuery(by="region", regions=("South",)))
    assert set(south["scope"]) == {"South"}
    assert south["amount"].sum() == 2100


def test_cli_prints_m9(db_path: Path) -> None:
    with Store(db_path) as store:
        add_reps(store, [("a1", "North")])
        add_targets(store, [("rep", "a1", "2026-02", 800, 1000)])
        add_snapshots(store, [("2026-02-02", "x1", "a1", 50, 1200, "2026-02-20", "pipeline")])
    done = run_cli("metric", "M9", "--by", "rep", db=db_path)
    assert done.returncode == 0, done.stderr
    header, row = done.stdout.splitlines()[:2]
    assert header.startswith("metric,period,scope,value,open_pipeline,remaining_target")
    assert row.startswith("M9,2026-02,a1,1.2,")  # 1200 / 1000


def test_m9_without_a_target_has_no_remaining_target_never_0() -> None:
    # greatest(NULL - x, 0) is 0 in DuckDB: a scope without a stretch target must stay empty.
    from tests.analytics.fixtures import add_reps, add_snapshots, make_store

    store = make_store()
    add_reps(store, [("n1", "North")])
    add_snapshots(store, [("2026-01-05", "o1", "n1", 60, 500, "2026-02-15", "pipeline")])
    query = MetricQuery(
        grain="quarter",
        date_from=date(2026, 1, 1),
        date_to=date(2026, 1, 1),
        as_of=date(2026, 1, 5),
    )
    row = get_metric("M9").compute(store, query).iloc[0]
    assert row["open_pipeline"] == 500
    assert pd.isna(row["remaining_target"]) and pd.isna(row["stretch_target"])
    assert pd.isna(row["value"]) and pd.isna(row["status"])
