"""M19 Quarter projection and its backtest, on hand-computable cases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from analytics import projection as model
from analytics.backtest import backtest_points, backtest_summary
from analytics.metrics import MetricQuery, get_metric
from analytics.store import Store
from tests.analytics.fixtures import add_bookings, add_reps, add_snapshots, make_store
from tests.conftest import PINNED_NOW, run_cli


@pytest.fixture(autouse=True)
def _pinned_moment(clock: Callable[[str], datetime]) -> None:
    """The answers below are worked out for the pinned moment, whatever FORECAST_DESK_TEST_NOW says."""
    clock(PINNED_NOW)


# --- the simulation alone --------------------------------------------------------------------


def test_one_deal_at_fifty_percent() -> None:
    # One deal of 100 at 50%: the quarter ends at 0 or 100, each half of the time, so P10 = 0,
    # P90 = 100 and P50 is one of the two (a projection is an amount that can happen).
    outcomes = model.simulate(np.array([100.0]), np.array([0.5]))
    assert len(outcomes) == model.DRAWS
    assert set(np.unique(outcomes)) == {0.0, 100.0}
    assert abs((outcomes == 100.0).mean() - 0.5) < 0.02  # 10,000 draws: sd of the share 0.005
    p10, p50, p90 = model.bands(outcomes)
    assert (p10, p90) == (0.0, 100.0)
    assert p50 in (0.0, 100.0)


def test_two_independent_deals() -> None:
    # 100 at 60% and 200 at 80%, independent:
    #   0: 0.4 x 0.2 = 0.08   100: 0.6 x 0.2 = 0.12   200: 0.4 x 0.8 = 0.32   300: 0.6 x 0.8 = 0.48
    # cumulative 0.08, 0.20, 0.52, 1.00 -> P10 = 100, P50 = 200, P90 = 300; mean 60 + 160 = 220.
    outcomes = model.simulate(np.array([100.0, 200.0]), np.array([0.6, 0.8]), booked=0.0)
    shares = {v: (outcomes == v).mean() for v in (0.0, 100.0, 200.0, 300.0)}
    for value, expected in {0.0: 0.08, 100.0: 0.12, 200.0: 0.32, 300.0: 0.48}.items():
        assert abs(shares[value] - expected) < 0.02, (value, shares[value])
    assert model.bands(outcomes) == (100.0, 200.0, 300.0)
    assert abs(outcomes.mean() - 220.0) < 5


def test_a_certain_deal_is_certain_whatever_the_quarter() -> None:
    # 50 booked + a deal of 100 at 100%: 150 in every draw, even with a wide quarter effect.
    effect = model.QuarterEffect(mean=-1.0, sigma=1.5, quarters=4)
    outcomes = model.simulate(np.array([100.0]), np.array([1.0]), booked=50.0, effect=effect)
    assert model.bands(outcomes) == (150.0, 150.0, 150.0)


def test_the_quarter_effect_widens_the_band() -> None:
    # 100 deals of 1 at 50%: without a quarter effect the sum is Binomial(100, 0.5), sd 5, so
    # P90 - P10 = 2 x 1.2816 x 5 = 12.8 (give or take a unit). With a shift of the log-odds of
    # sd 1 per quarter, P10 and P90 of p itself are expit(-+1.28) = 0.22 and 0.78: ~56 apart.
    amounts, probs = np.ones(100), np.full(100, 0.5)
    p10, _, p90 = model.bands(model.simulate(amounts, probs))
    assert 10 <= p90 - p10 <= 16
    wide = model.simulate(amounts, probs, effect=model.QuarterEffect(0.0, 1.0, 4))
    p10, _, p90 = model.bands(wide)
    assert 48 <= p90 - p10 <= 62


def test_many_small_deals_use_the_normal_sum() -> None:
    # 1,000 deals of 1 at 50% (more than EXACT_DEALS): mean 500, sd sqrt(1000 x 0.25) = 15.81,
    # P10 / P90 = 500 -+ 1.2816 x 15.81 = 479.7 / 520.3.
    p10, p50, p90 = model.bands(model.simulate(np.ones(1000), np.full(1000, 0.5)))
    assert abs(p50 - 500) < 2
    assert abs(p10 - 479.7) < 3 and abs(p90 - 520.3) < 3


def test_what_is_booked_beyond_the_pipeline_is_added() -> None:
    # No deals, 40 a quarter beyond the pipeline with sd 10: P10/P50/P90 = 40 -+ 12.8.
    beyond = model.Beyond(mean=40.0, sd=10.0, quarters=3)
    p10, p50, p90 = model.bands(model.simulate(np.array([]), np.array([]), beyond=beyond))
    assert abs(p50 - 40) < 0.5 and abs(p10 - 27.2) < 0.6 and abs(p90 - 52.8) < 0.6


# --- through the store -----------------------------------------------------------------------
# A past quarter (FY2026-Q3, July-September): at its first snapshot (2026-07-06, week 1) 40 deals
# of 100 at stage 50 close in the quarter; 20 are booked on 2026-09-15, 20 show lost on 2026-09-28.
# Calibration at week 1 of the next quarter (weeks 1-2 of the past one), stage 50 (PRIOR_DEALS = 20
# pseudo-deals): win = (20 + 20 x 0.50) / (40 + 20) = 0.5; closed within the quarter 40 of 40,
# the ladder's too: closed share (40 + 20 x 1) / (40 + 20) = 1, slip 0;  p = (1 - 0) x 0.5 = 0.5
# Quarter effect: expected won 40 x 100 x 0.5 = 2,000 = won, so z = 0; one quarter:
#   mean 0 / (1 + 2) = 0, sd sqrt((0 + 2 x 0.3^2) / 3) = 0.245 (symmetric: P(win) stays 0.5).
# A renewal of 100 (no opportunity) is booked on 2026-07-01, so the bookings history covers the
# quarter from its first week (History.covered_from). Beyond the pipeline: final 2,100 - booked
# 100 (before 2026-07-06) - won 2,000 = 0 (sd 0).
# Now (2026-10-05, week 1 of FY2026-Q4): one open deal of 1,000 at stage 50 closing 2026-12-10,
# 300 booked on 2026-10-01 (before the snapshot): P10 = 300, P90 = 1,300, mean 800;
# weighted = 300 + 1,000 x 0.5 = 800, commit = 300 (the deal is pipeline), open 1,000.
PAST = "2026-07-06"
NOW = date(2026, 10, 5)


def _past_quarter(store: Store) -> None:
    add_reps(store, [("r1", "North")])
    rows = []
    for i in range(40):
        opp = f"h{i:02d}"
        rows.append((PAST, opp, "r1", 50, 100, "2026-09-15", "pipeline"))
        if i >= 20:
            rows.append(("2026-09-28", opp, "r1", 0, 100, "2026-09-15", "lost"))
    add_snapshots(store, rows)
    add_bookings(store, [(f"o{i:02d}", f"h{i:02d}", "r1", "2026-09-15", 100) for i in range(20)])
    add_bookings(store, [("o-renewal", None, "r1", "2026-07-01", 100)])


def _now(store: Store) -> None:
    add_snapshots(store, [(NOW.isoformat(), "n1", "r1", 50, 1000, "2026-12-10", "pipeline")])
    add_bookings(store, [("o-now", None, "r1", "2026-10-01", 300)])


def _later(store: Store) -> None:
    """Data dated after 2026-10-05: the deal is won, a new one appears, more bookings."""
    add_snapshots(
        store,
        [
            ("2026-10-12", "n1", "r1", 90, 1200, "2026-10-20", "commit"),
            ("2026-10-12", "n2", "r1", 60, 500, "2026-11-20", "upside"),
            ("2026-10-19", "n1", "r1", 100, 1200, "2026-10-20", "won"),
        ],
    )
    add_bookings(
        store, [("o-n1", "n1", "r1", "2026-10-16", 1200), ("o-x", None, "r1", "2026-10-06", 999)]
    )


@pytest.fixture
def store() -> Iterator[Store]:
    s = make_store()
    _past_quarter(s)
    _now(s)
    yield s
    s.close()


def _m19(store: Store, as_of: date = NOW, by: str = "company") -> pd.DataFrame:
    return get_metric("M19").compute(store, MetricQuery(by=by, as_of=as_of))  # type: ignore[arg-type]


def test_projection_from_a_calibrated_fifty_percent(store: Store) -> None:
    frame = _m19(store)
    assert list(frame.columns[:4]) == ["metric", "period", "scope", "value"]
    row = frame.iloc[0]
    assert (row["metric"], row["period"], row["scope"]) == ("M19", "FY2026-Q4", "company")
    assert (row["p10"], row["p90"]) == (300.0, 1300.0)
    assert row["value"] == row["p50"] and row["p50"] in (300.0, 1300.0)
    assert abs(row["expected"] - 800.0) < 15  # sd of the mean of 10,000 draws: ~5
    assert (row["booked"], row["open_pipeline"], row["weighted"], row["commit"]) == (
        300.0,
        1000.0,
        800.0,
        300.0,
    )
    assert row["slip_rate"] == 0.0
    assert pd.isna(row["target"])
    assert pd.Timestamp(row["snapshot_date"]).date() == NOW


def test_the_rates_come_from_the_history(store: Store) -> None:
    # The same calibration as above, read directly: stage 50 wins half of its deals in quarter.
    from analytics.metrics.projection import read_history

    hist = read_history(store, MetricQuery(), NOW)
    rates = model.calibrate(hist.history, week=1)
    assert rates.of(np.array([50.0]))[0] == pytest.approx(0.5)
    assert rates.of(np.array([50.0]), "slip")[0] == pytest.approx(0.0)
    # Stage 25, never observed: its own probability, 0.25, and the ladder's slip rate 0.
    assert rates.of(np.array([25.0]))[0] == pytest.approx(0.25)


def test_nothing_dated_after_the_as_of_changes_the_projection(store: Store) -> None:
    before = _m19(store)
    _later(store)
    after = _m19(store)
    pd.testing.assert_frame_equal(before, after)
    # The backtest replays the same snapshot with the later data in the store: the same numbers.
    points = backtest_points(store, "M19", "company", NOW, NOW)
    assert len(points) == 1
    for col in ("p10", "p50", "p90", "weighted", "commit", "booked"):
        assert points.iloc[0][col] == before.iloc[0][col], col


def test_unavailable_without_thirty_closed_deals() -> None:
    # 19 booked and 10 lost = 29 closed deals: no projection, but the facts of the snapshot stay.
    s = make_store()
    add_reps(s, [("r1", "North")])
    rows = [(PAST, f"h{i:02d}", "r1", 50, 100, "2026-09-15", "pipeline") for i in range(29)]
    rows += [("2026-09-28", f"h{i:02d}", "r1", 0, 100, "2026-09-15", "lost") for i in range(19, 29)]
    add_snapshots(s, rows)
    add_bookings(s, [(f"o{i:02d}", f"h{i:02d}", "r1", "2026-09-15", 100) for i in range(19)])
    add_bookings(s, [("o-renewal", None, "r1", "2026-07-01", 100)])  # the quarter is covered
    _now(s)
    row = _m19(s).iloc[0]
    assert pd.isna(row["value"]) and pd.isna(row["p10"]) and pd.isna(row["p90"])
    assert (row["booked"], row["weighted"]) == (300.0, 800.0)
    s.close()


def test_a_quarter_the_bookings_history_does_not_cover_does_not_calibrate() -> None:
    # The past quarter of the fixture without its renewal: the first booking is dated 2026-09-15,
    # eleven weeks into FY2026-Q3, so the store shows only part of that quarter's bookings (an
    # extract of deals closed from September on). covered_from = 2026-09-15 - 6 days =
    # 2026-09-09 > 2026-07-01: no covered quarter ended before FY2026-Q4, no projection; the
    # snapshot's own facts (300 booked, weighted 300 + 1,000 x 0.5 = 800) stay.
    from analytics.metrics.projection import read_history

    s = make_store()
    add_reps(s, [("r1", "North")])
    rows = [(PAST, f"h{i:02d}", "r1", 50, 100, "2026-09-15", "pipeline") for i in range(40)]
    rows += [("2026-09-28", f"h{i:02d}", "r1", 0, 100, "2026-09-15", "lost") for i in range(20, 40)]
    add_snapshots(s, rows)
    add_bookings(s, [(f"o{i:02d}", f"h{i:02d}", "r1", "2026-09-15", 100) for i in range(20)])
    _now(s)
    assert read_history(s, MetricQuery(), NOW).covered_from == date(2026, 9, 9)
    row = _m19(s).iloc[0]
    assert pd.isna(row["p50"]) and pd.isna(row["p10"]) and pd.isna(row["p90"])
    assert (row["booked"], row["weighted"]) == (300.0, 800.0)
    # With a booking in the quarter's first week (the renewal of 2026-07-01) it calibrates.
    add_bookings(s, [("o-renewal", None, "r1", "2026-07-01", 100)])
    assert read_history(s, MetricQuery(), NOW).covered_from == date(2026, 6, 25)
    assert not pd.isna(_m19(s).iloc[0]["p50"])
    s.close()


def test_no_snapshot_no_rows() -> None:
    s = make_store()
    assert _m19(s, as_of=NOW).empty
    s.close()


def test_backtest_summary_arithmetic() -> None:
    # Two judged points: actual 100 (P10-P90 90-120, inside) and 200 (150-190, outside).
    #   WAPE p50      = (|110 - 100| + |180 - 200|) / 300 = 30 / 300 = 0.1
    #   WAPE weighted = (50 + 50) / 300 = 0.3333;  WAPE commit = (50 + 100) / 300 = 0.5
    #   bias p50      = (10 - 20) / 300 = -0.0333; inside = 1 of 2 = 0.5
    # A third point of a running quarter (actual unknown) is not judged.
    points = pd.DataFrame(
        {
            "metric": "M19",
            "as_of": [date(2026, 1, 5), date(2026, 1, 12), date(2026, 10, 5)],
            "period": ["FY2026-Q1", "FY2026-Q1", "FY2026-Q4"],
            "scope": "company",
            "p10": [90.0, 150.0, 1.0],
            "p50": [110.0, 180.0, 2.0],
            "p90": [120.0, 190.0, 3.0],
            "weighted": [150.0, 150.0, 0.0],
            "commit": [50.0, 100.0, 0.0],
            "actual": [100.0, 200.0, np.nan],
            "inside": [True, False, None],
        }
    )
    summary = backtest_summary(points).set_index("scope")
    row = summary.loc["all"]
    assert row["points"] == 2 and row["quarters"] == 1
    assert row["wape_p50"] == pytest.approx(0.1)
    assert row["wape_weighted"] == pytest.approx(1 / 3)
    assert row["wape_commit"] == pytest.approx(0.5)
    assert row["bias_p50"] == pytest.approx(-1 / 30)
    assert row["inside_p10_p90"] == pytest.approx(0.5)
    assert summary.loc["company", "wape_p50"] == pytest.approx(0.1)


def test_backtest_judges_ended_quarters_only(store: Store) -> None:
    # The past quarter's first snapshot had no history before it: unavailable, not judged. Its
    # actual is 2,100 (the 20 bookings of 100 and the renewal of 100). The 2026-10-05 point's quarter runs until 2026-12-31
    # (the clock is pinned to 2026-11-27): shown with status in_progress, actual empty.
    points = backtest_points(store, "M19", "company", None, None)
    by_date = points.set_index("as_of")
    assert by_date.loc[date(2026, 7, 6), "actual"] == 2100.0
    assert pd.isna(by_date.loc[date(2026, 7, 6), "p50"])
    assert by_date.loc[NOW, "status"] == "in_progress" and pd.isna(by_date.loc[NOW, "actual"])
    assert backtest_summary(points).loc[0, "points"] == 0


def test_cli_metric_and_backtest(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "m19.duckdb"  # type: ignore[operator]
    s = make_store(path)
    _past_quarter(s)
    _now(s)
    s.close()
    out = run_cli("metric", "M19", "--as-of", "2026-10-05", db=path)
    assert out.returncode == 0, out.stderr
    header, line = out.stdout.strip().splitlines()
    assert header.startswith("metric,period,scope,value,p10,p50,p90,booked,open_pipeline,weighted,")
    assert line.startswith("M19,FY2026-Q4,company,")
    out = run_cli("backtest", "M19", "--by", "region", "--summary", db=path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].startswith("metric,scope,points,quarters,wape_p50,")
    bad = run_cli("backtest", "M1", db=path)
    assert bad.returncode == 2 and "M19" in bad.stderr


def test_the_running_quarters_fan_and_the_band_record(store: Store) -> None:
    # The clock is pinned to 2026-11-27: the running quarter FY2026-Q4 has one snapshot, the fan's
    # one point is the projection above; stretch 3 x 600 = 1,800 for the company (its only rep).
    from analytics.backtest import band_record, quarter_fan
    from tests.analytics.fixtures import add_targets

    add_targets(store, [("rep", "r1", m, 500, 600) for m in ("2026-10", "2026-11", "2026-12")])
    fan = quarter_fan(store)
    assert list(fan["as_of"]) == [NOW]
    assert (fan.iloc[0]["p10"], fan.iloc[0]["p90"]) == (300.0, 1300.0)
    assert (fan.iloc[0]["target"], fan.iloc[0]["stretch_target"]) == (1500.0, 1800.0)
    # The four quarters before it hold one snapshot (2026-07-06), with no history before it.
    record = band_record(store)
    assert record.iloc[0]["scope"] == "all" and record.iloc[0]["points"] == 0
