"""Unit tests of the Pipeline and Team pages' pieces: figure builders, picks, and the snapshot views.

Figures are checked on their data and shapes (AppTest cannot look at charts); the snapshot views
(analytics/snapshot_views.py) on a tiny store whose answers are worked out in the comments.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.metrics.base import MetricQuery
from analytics.settings import Thresholds
from analytics.snapshot_views import (
    open_pipeline_by_snapshot,
    snapshot_dates,
    stage_mix,
    stage_mix_deals,
)
from dashboard.components.charts import money_axis, nice_step
from dashboard.components.pipeline_charts import (
    calibration_figure,
    stage_distribution_figure,
    waterfall_figure,
    waterfall_measures,
)
from dashboard.components.pipeline_picks import (
    default_s0,
    from_url,
    parse_date,
    quarter_window,
    window_options,
)
from dashboard.components.team_charts import (
    attainment_figure,
    crowded,
    discipline_figure,
    matrix_figure,
)
from dashboard.components.team_focus import default_focus, focus_from, rep_label
from tests.analytics.fixtures import add_reps, add_snapshots, d, make_store

# A waterfall that reconciles: 670 + 40 + 70 + 20 - 50 - 140 - 40 - 60 = 510 (thousands).
AMOUNTS = {
    "start": 670_000.0,
    "new": 40_000.0,
    "pulled_in": 70_000.0,
    "increased": 20_000.0,
    "decreased": 50_000.0,
    "pushed_out": 140_000.0,
    "won": 40_000.0,
    "lost": 60_000.0,
    "end": 510_000.0,
}


# -- waterfall ----------------------------------------------------------------------------------
def test_waterfall_bars_sum_to_the_end_value() -> None:
    fig = waterfall_figure(AMOUNTS, "en", "¥", title="M12")
    bars = fig.data[0]
    assert bars.type == "waterfall"
    assert list(bars.measure) == ["absolute"] + ["relative"] * 7 + ["total"]
    y = list(bars.y)
    # start and the signed movements: 670 + 40 + 70 + 20 - 50 - 140 - 40 - 60
    assert y[:8] == [670_000, 40_000, 70_000, 20_000, -50_000, -140_000, -40_000, -60_000]
    assert sum(y[:8]) == y[8] == 510_000
    assert list(bars.x) == [
        "Start", "New", "Pulled<br>in", "Increased", "Decreased", "Pushed<br>out", "Won", "Lost",
        "End",
    ]  # fmt: skip
    assert bars.text[1] == "+¥40.0K" and bars.text[4] == "-¥50.0K"


def test_waterfall_in_chinese_and_with_missing_steps() -> None:
    measures, values = waterfall_measures({"start": 100.0, "lost": 30.0, "end": 70.0})
    # a step analytics left out draws as 0: 100 + 0 ... - 30 = 70
    assert values == [100.0, 0.0, 0.0, 0.0, -0.0, -0.0, -0.0, -30.0, 70.0]
    assert sum(values[:8]) == values[8]
    fig = waterfall_figure(AMOUNTS, "zh", "¥", title="M12")
    assert list(fig.data[0].x)[0] == "起点" and list(fig.data[0].x)[-1] == "终点"


def test_money_axis_in_chinese_units() -> None:
    assert nice_step(7.5) == 2.0 and nice_step(230) == 50.0 and nice_step(0) == 1.0
    assert money_axis(40e6, "en", "¥") == {"tickprefix": "¥", "tickformat": "~s"}
    # 0 .. 230M in steps of 50M: 5000万 and 1亿, 1.5亿 …
    axis = money_axis(230e6, "zh", "¥")
    assert axis["ticktext"] == ["¥0", "¥5000万", "¥1亿", "¥1.5亿", "¥2亿", "¥2.5亿"]
    assert axis["tickvals"][1] == 50e6
    # a waterfall that dips below 0 keeps a negative tick
    assert money_axis(100.0, "zh", "¥", bottom=-30.0)["ticktext"][0] == "-¥50"


# -- stage distribution and calibration -----------------------------------------------------------
def test_stage_distribution_stacks_categories_with_counts() -> None:
    frame = pd.DataFrame(
        {
            "stage": [25, 50, 90, 90, 100],
            "forecast_category": ["pipeline", "pipeline", "commit", "upside", "won"],
            "deals": [3, 1, 2, 1, 4],
            "amount": [300.0, 50.0, 200.0, 80.0, 400.0],
        }
    )
    fig = stage_distribution_figure(frame, "en", "¥", title="Stages")
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert [b.name for b in bars] == ["Commit", "Upside", "Pipeline", "Won"]
    # every rung of the ladder, empty ones included
    assert list(bars[0].x) == [
        "0%<br>Lead", "25%<br>Sales", "50%<br>Sales", "60%<br>Sales", "70%<br>Sales",
        "80%<br>Close", "90%<br>Close", "100%<br>Booked",
    ]  # fmt: skip
    assert list(bars[0].y) == [0, 0, 0, 0, 0, 0, 200.0, 0]  # commit only at 90
    assert list(bars[2].y) == [0, 300.0, 50.0, 0, 0, 0, 0, 0]  # pipeline at 25 and 50
    labels = [tr for tr in fig.data if tr.type == "scatter"][0]
    # deal counts per stage: 3, 1, 2 + 1 = 3, 4; placed on the stack heights 300, 50, 280, 400
    assert list(labels.text) == ["", "3 deals", "1 deal", "", "", "", "3 deals", "4 deals"]
    assert list(labels.y) == [0, 300.0, 50.0, 0, 0, 0, 280.0, 400.0]
    assert fig.layout.barmode == "stack"


def test_calibration_figure_sets_win_rates_against_the_diagonal() -> None:
    frame = pd.DataFrame(
        {
            "stage": [70, 90],
            "observations": [3, 3],
            "won": [0, 3],
            "win_rate": [0.0, 1.0],
            "win_rate_amount": [0.0, 1.0],
        }
    )
    fig = calibration_figure(frame, "en", title="M15")
    diagonal, by_count, by_amount = fig.data
    assert list(diagonal.x) == [0, 1] and list(diagonal.y) == [0, 1]
    assert list(by_count.x) == [0.7, 0.9] and list(by_count.y) == [0.0, 1.0]
    assert by_amount.name == "Win rate by amount"


# -- matrix and trends ----------------------------------------------------------------------------
def _matrix() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "scope": ["n1", "n2", "s1", "s2", "x9"],
            "label": ["Ning", "Nan", "Song", "Shu", "Nobody"],
            "attainment": [1.2, 0.4, 1.3, 0.2, None],
            "discipline": [1.0, 0.9, 0.1, 0.0, 0.5],
            "group": ["A", "B", "C", "D", None],
        }
    )


def test_matrix_figure_draws_the_threshold_lines_from_settings() -> None:
    th = Thresholds(m16_attainment=0.9, m16_discipline=0.7)
    fig = matrix_figure(_matrix(), th, "en", title="M16", focus="s1")
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    vertical = [s for s in lines if s.x0 == s.x1]
    horizontal = [s for s in lines if s.y0 == s.y1]
    assert [s.x0 for s in vertical] == [0.7]
    assert [s.y0 for s in horizontal] == [0.9]
    # the quadrants meet at the thresholds: A spans x >= 0.7 and y >= 0.9
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert (rects[0].x0, rects[0].y0) == (0.7, 0.9)
    texts = [a.text for a in fig.layout.annotations]
    assert "<b>B · worth investing in</b>" in texts
    assert fig.layout.xaxis.title.text == "Culture: forecast discipline (threshold 70%)"
    assert fig.layout.yaxis.title.text == "Performance: attainment (threshold 90%)"


def test_matrix_figure_points_by_group_with_names() -> None:
    fig = matrix_figure(_matrix(), Thresholds(), "en", title="M16", focus="s1")
    points = [tr for tr in fig.data if tr.mode == "markers+text"]
    assert [tr.name[0] for tr in points] == ["A", "B", "C", "D"]
    assert [list(tr.text) for tr in points] == [["Ning"], ["Nan"], ["Song"], ["Shu"]]
    assert (points[2].x[0], points[2].y[0]) == (0.1, 1.3)  # x discipline, y attainment
    # the rep without attainment is not drawn; the focused rep is ringed
    assert "Nobody" not in [t for tr in points for t in tr.text]
    ring = [tr for tr in fig.data if tr.mode == "markers"]
    assert (ring[0].x[0], ring[0].y[0]) == (0.1, 1.3)


def test_crowded_points_lose_their_names_but_the_focus_keeps_it() -> None:
    # axes 0..1 both ways: (0.50, 0.50) and (0.52, 0.51) are 0.022 apart, (0.9, 0.1) is alone
    assert crowded([0.5, 0.52, 0.9], [0.5, 0.51, 0.1], (1.0, 1.0)) == [True, True, False]
    frame = pd.DataFrame(
        {
            "scope": ["a", "b", "c"],
            "label": ["Ann", "Bob", "Cy"],
            "attainment": [1.20, 1.21, 0.5],
            "discipline": [0.90, 0.91, 0.5],
            "group": ["A", "A", "D"],
        }
    )
    fig = matrix_figure(frame, Thresholds(), "en", title="M16", focus="b")
    names = {tr.name[0]: list(tr.text) for tr in fig.data if tr.mode == "markers+text"}
    assert names == {"A": ["", "Bob"], "D": ["Cy"]}


def test_trend_figures_carry_their_thresholds() -> None:
    th = Thresholds(m16_attainment=1.0, m14_expected=0.95)
    months = pd.DataFrame(
        {
            "period": ["2026-01", "2026-02"],
            "value": [1.0, 1.4],
            "stretch_attainment": [0.9, 1.27],
            "on_time": [4, 3],
            "expected": [4, 4],
        }
    )
    attainment = attainment_figure(months, th, "en", title="M18")
    assert [s.y0 for s in attainment.layout.shapes] == [1.0]
    assert [tr.name for tr in attainment.data] == ["Actual / target", "Actual / stretch target"]
    discipline = discipline_figure(months, th, "en", title="M14")
    assert [s.y0 for s in discipline.layout.shapes] == [0.95]
    assert list(discipline.data[0].customdata) == ["4/4", "3/4"]


# -- picks ----------------------------------------------------------------------------------------
SNAPS = [date(2026, 2, 2), date(2026, 2, 9), date(2026, 2, 16), date(2026, 2, 23), date(2026, 3, 2)]


def test_default_s0_is_four_weeks_back_or_the_earliest() -> None:
    assert default_s0(SNAPS, date(2026, 3, 2)) == date(2026, 2, 2)  # 03-02 - 28 days = 02-02
    assert default_s0(SNAPS, date(2026, 2, 23)) == date(2026, 2, 2)  # none 28 days back
    assert default_s0(SNAPS, date(2026, 2, 2)) is None


def test_window_options_in_an_august_fiscal_year() -> None:
    # m0 = 8: Q1 Aug-Oct, Q2 Nov-Jan, Q3 Feb-Apr; FY named after the year it ends in.
    window = quarter_window(date(2026, 3, 2), 8)
    assert (window.key, window.start, window.end) == (
        "FY2026-Q3",
        date(2026, 2, 1),
        date(2026, 4, 30),
    )
    options = window_options(SNAPS, 8)
    quarters = [w.key for w in options if w.kind == "quarter"]
    assert quarters == ["FY2026-Q3", "FY2026-Q4", "FY2027-Q1"]  # the quarter and two ahead
    months = [w.key for w in options if w.kind == "month"]
    assert months[0] == "2026-02" and months[-1] == "2026-10" and len(months) == 9
    assert window.label("en") == "FY2026-Q3 (2026-02 – 2026-04)"


def test_url_values_must_be_options() -> None:
    assert from_url("2026-02-09", SNAPS, parse_date) == date(2026, 2, 9)
    assert from_url("2026-02-10", SNAPS, parse_date) is None  # no such snapshot
    assert from_url("garbage", SNAPS, parse_date) is None
    assert from_url(None, SNAPS, parse_date) is None


def test_focus_helpers() -> None:
    options = ["n1", "n2", "s1"]
    assert default_focus(options, ["zz", "s1"]) == "s1"
    assert default_focus(options, []) == "n1"
    assert default_focus([], []) is None
    assert focus_from("n2", None, options, "n1") == "n2"
    assert focus_from("n2", "s1", options, "n1") == "s1"  # the widget leads once drawn
    assert focus_from("x", "gone", options, "n1") == "n1"
    assert rep_label("n1", "Ning Li") == "Ning Li (n1)"
    assert rep_label("n1", None) == "n1" and rep_label("n1", "n1") == "n1"


# -- snapshot views (analytics/snapshot_views.py) -------------------------------------------------
@pytest.fixture
def snaps() -> object:
    store = make_store()
    add_reps(store, [("r1", "North"), ("r2", "South")])
    add_snapshots(
        store,
        [
            # 01-05: r1 a 45% 100 (Feb), a lead 0% 5, r2 b 90% commit 40 (Mar), c won 7, d lost
            ("2026-01-05", "a", "r1", 45, 100, "2026-02-10", "pipeline"),
            ("2026-01-05", "l", "r1", 0, 5, "2026-02-20", "pipeline"),
            ("2026-01-05", "b", "r2", 90, 40, "2026-03-10", "commit"),
            ("2026-01-05", "c", "r2", 100, 7, "2026-01-03", "won"),
            ("2026-01-05", "x", "r2", 10, 9, "2026-02-01", "lost"),
            # 01-12: a at 75% 120 upside; b gone
            ("2026-01-12", "a", "r1", 75, 120, "2026-02-10", "upside"),
        ],
    )
    yield store
    store.close()


def test_snapshot_dates(snaps: object) -> None:
    assert snapshot_dates(snaps) == [d("2026-01-05"), d("2026-01-12")]  # type: ignore[arg-type]


def test_stage_mix_by_ladder_stage_and_category(snaps: object) -> None:
    frame = stage_mix(snaps, MetricQuery(as_of=d("2026-01-05")))  # type: ignore[arg-type]
    rows = list(
        zip(
            frame["stage"], frame["forecast_category"], frame["deals"], frame["amount"], strict=True
        )
    )
    # 45% -> 25; lead 0; 90 commit; won 100; the lost deal is left out
    assert rows == [
        (0, "pipeline", 1, 5.0),
        (25, "pipeline", 1, 100.0),
        (90, "commit", 1, 40.0),
        (100, "won", 1, 7.0),
    ]
    # window February, region South: only r2's deals closing in Feb -> none but the lost one
    feb = stage_mix(
        snaps,
        MetricQuery(as_of=d("2026-01-05"), regions=("South",)),
        d("2026-02-01"),
        d("2026-02-28"),
    )  # type: ignore[arg-type]
    assert feb.empty
    deals = stage_mix_deals(
        snaps, MetricQuery(as_of=d("2026-01-05")), d("2026-02-01"), d("2026-02-28")
    )  # type: ignore[arg-type]
    assert list(deals["opportunity_id"]) == ["a", "l"]  # 25 before 0
    assert list(deals["ladder_stage"]) == [25, 0]
    latest = stage_mix(snaps, MetricQuery())  # type: ignore[arg-type]
    assert list(latest["stage"]) == [70] and list(latest["amount"]) == [120.0]  # 75% -> 70


def test_open_pipeline_by_snapshot(snaps: object) -> None:
    frame = open_pipeline_by_snapshot(snaps, MetricQuery(by="rep"))  # type: ignore[arg-type]
    got = {
        (str(s.date()), r): (a, n, c, w)
        for s, r, a, n, c, w in zip(
            frame["snapshot_date"], frame["scope"], frame["open_amount"], frame["open_deals"],
            frame["commit_amount"], frame["weighted_amount"], strict=True,
        )
    }  # fmt: skip
    # r1 01-05: open a 100 (the lead is not open), weighted 100 x 0.45 = 45
    assert got[("2026-01-05", "r1")] == (100.0, 1, 0.0, 45.0)
    # r1 01-12: a 120 upside, weighted 120 x 0.75 = 90
    assert got[("2026-01-12", "r1")] == (120.0, 1, 0.0, 90.0)
    # r2 01-05: b 40 commit (won and lost are not open), weighted 36; 01-12: nothing -> 0
    assert got[("2026-01-05", "r2")] == (40.0, 1, 40.0, 36.0)
    assert got[("2026-01-12", "r2")] == (0.0, 0, 0.0, 0.0)
    only_jan12 = open_pipeline_by_snapshot(
        snaps, MetricQuery(by="company", date_from=d("2026-01-06"))
    )  # type: ignore[arg-type]
    assert list(only_jan12["open_amount"]) == [120.0]
