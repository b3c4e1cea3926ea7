"""The Weekly commit call and Monthly forecast review pages, run with AppTest on small data.

The database below is small enough to check by hand (the comments show the arithmetic); the
pages are run through the real app (streamlit_app.py) so the sidebar filters and the URL apply.
Charts cannot be inspected here: their figure builders are tested directly at the end, and the
browser tests look at them drawn.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.action_plans import list_action_plans
from analytics.settings import Thresholds
from analytics.store import Store
from dashboard.i18n import TEXTS
from tests.analytics.fixtures import (
    ALL_TRUE,
    add_bookings,
    add_calls,
    add_reps,
    add_snapshots,
    add_targets,
    at,
    make_store,
)

pytest_plugins = ("tests.app.fixtures",)
EN, ZH = TEXTS["en"], TEXTS["zh"]
W1, W2, W3 = "2026-01-05", "2026-01-12", "2026-01-19"  # Mondays of FY2026-Q1


def _add_forecasts(store: Store, rows: list[tuple[str, str, datetime, float]]) -> None:
    """(rep, review month, submitted_at, forecast per month): one row per month of the 12."""
    with store.transaction() as cur:
        for rep, review, submitted, amount in rows:
            first = date.fromisoformat(f"{review}-01")
            for k in range(12):
                index = first.year * 12 + first.month - 1 + k
                month = date(index // 12, index % 12 + 1, 1)
                cur.execute(
                    "INSERT INTO forecasts (rep, review_month, submitted_at, month, forecast, "
                    "load_id) VALUES (?, ?, ?, ?, ?, 1)",
                    [rep, first, submitted, month, amount],
                )


def build_small(path: Path) -> Path:
    """North: n1, n2; South: s1. Stretch per month: n1 1300, n2 650, s1 1300 (all of 2026).

    Calls (commit):  W1: n1 100, n2 50, s1 200 | W2: n1 120, n2 60 (late), s1 none | W3: all.
    Bookings: W1: n1 100, n2 40, s1 250 | W2: n1 90, n2 66, s1 10 | Jan 20 n1 20 unrealized,
    Jan 21 s1 30 cancelled | Feb 24 n1 500.
    12-month forecasts: review 2026-01 (on time): n1 1000, n2 500, s1 1300 a month;
    review 2026-02: n1 1300 a month (on time), s1 1300 a month (late), n2 none.
    """
    store = make_store(path)
    add_reps(store, [("n1", "North"), ("n2", "North"), ("s1", "South")])
    add_calls(
        store,
        [
            ("n1", W1, at("2026-01-04 18:00"), 100, 20, 400, 50, 1200, 100),
            ("n2", W1, at("2026-01-05 08:00"), 50, 10, 200, 20, 600, 50),
            ("s1", W1, at("2026-01-05 09:00"), 200, 0, 500, 0, 1500, 0),
            ("n1", W2, at("2026-01-11 18:00"), 120, 30, 400, 50, 1200, 100),
            ("n2", W2, at("2026-01-12 10:00"), 60, 10, 220, 20, 620, 50),
            ("n1", W3, at("2026-01-18 18:00"), 80, 0, 400, 50, 1200, 100),
            ("n2", W3, at("2026-01-18 18:00"), 80, 0, 220, 20, 620, 50),
            ("s1", W3, at("2026-01-18 18:00"), 100, 0, 500, 0, 1500, 0),
        ],
    )
    add_bookings(
        store,
        [
            ("o1", "d1", "n1", "2026-01-06", 100),
            ("o2", "d2", "n2", "2026-01-07", 40),
            ("o3", "d3", "s1", "2026-01-08", 250),
            ("o4", "d4", "n1", "2026-01-13", 90),
            ("o5", "d5", "n2", "2026-01-14", 66),
            ("o6", "d6", "s1", "2026-01-15", 10),
            ("o7", "d7", "n1", "2026-01-20", 20, "unrealized"),
            ("o8", "d8", "s1", "2026-01-21", 30, "cancelled"),
            ("o9", "d9", "n1", "2026-02-24", 500),
        ],
    )
    add_targets(
        store,
        [
            ("rep", rep, f"2026-{m:02d}", target, stretch)
            for rep, target, stretch in (("n1", 1000, 1300), ("n2", 500, 650), ("s1", 1000, 1300))
            for m in range(1, 13)
        ],
    )
    add_snapshots(
        store,
        [
            ("2026-01-12", "d10", "n1", 90, 120, "2026-01-16", "commit", ALL_TRUE),
            ("2026-01-12", "d11", "n2", 80, 60, "2026-01-16", "commit", (True, False, True, None, True)),
            ("2026-01-12", "d12", "s1", 90, 300, "2026-01-30", "upside", ALL_TRUE),
            ("2026-01-12", "d13", "s1", 50, 500, "2026-02-20", "pipeline", None),
            ("2026-01-26", "d13", "s1", 60, 500, "2026-02-20", "pipeline", None),
            ("2026-02-23", "d13", "s1", 60, 600, "2026-03-20", "pipeline", None),
            ("2026-02-23", "d14", "n1", 70, 400, "2026-03-10", "upside", None),
        ],
    )  # fmt: skip
    _add_forecasts(
        store,
        [
            ("n1", "2026-01", at("2026-01-05 08:00"), 1000),
            ("n2", "2026-01", at("2026-01-05 08:00"), 500),
            ("s1", "2026-01", at("2026-01-05 08:30"), 1300),
            ("n1", "2026-02", at("2026-02-02 08:00"), 1300),
            ("s1", "2026-02", at("2026-02-03 10:00"), 1300),
        ],
    )
    store.close()
    return path


@pytest.fixture(scope="session")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small(tmp_path_factory.mktemp("small-db") / "forecast.duckdb")


@pytest.fixture
def small_copy(small_db: Path, tmp_path: Path) -> Path:
    """A private copy for a test that writes (the action plans)."""
    target = tmp_path / "own" / "forecast.duckdb"
    target.parent.mkdir()
    shutil.copy(small_db, target)
    return target


# -- helpers -------------------------------------------------------------------------------------
def no_exception(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def tiles(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def table_with(app: AppTest, header: str, *, last: bool = False) -> pd.DataFrame:
    """The first (or last) table on the page that has a column named `header`."""
    found = [f.value for f in app.dataframe if header in f.value.columns]
    assert found, f"no table with a column {header!r}"
    return found[-1] if last else found[0]


def row_of(table: pd.DataFrame, column: str, label: str) -> pd.Series:
    rows = table[table[column] == label]
    assert len(rows) == 1, f"expected one row {label!r}, got {len(rows)}"
    return rows.iloc[0]


def weekly(app_on: Callable[..., AppTest], db: Path, **query: object) -> AppTest:
    app = app_on(db, page="weekly", query=query or None)
    no_exception(app)
    return app


def monthly(app_on: Callable[..., AppTest], db: Path, **query: object) -> AppTest:
    app = app_on(db, page="monthly", query=query or None)
    no_exception(app)
    return app


# -- Weekly commit call --------------------------------------------------------------------------
def test_weekly_page_shows_the_week_from_the_url(app_on: Any, small_db: Path) -> None:
    app = weekly(app_on, small_db, week=W2)
    assert EN["wk_title"] in [t.value for t in app.title]
    assert app.selectbox(key="wk_week").value == W2
    shown = tiles(app)
    # Last week (W1): actual 100 + 40 + 250 = 390 against commit 100 + 50 + 200 = 350 -> 111.4%
    assert shown[EN["wk_kpi_accuracy"]] == "111.4%"
    # This week (W2): commit 120 + 60 = 180; linear share (3900 + 1950 + 3900) / 13 = 750 -> 24%
    assert shown[EN["wk_kpi_linearity"]] == "24.0%"
    # Calls: n1 on time, n2 late (10:00), s1 missing -> 1 of 3
    assert shown[EN["wk_kpi_on_time"]] == "33%"
    table = table_with(app, EN["wk_col_lw_accuracy"])
    labels = table[EN["wk_col_rep"]].tolist()
    assert labels == [
        "Name of n1",
        "Name of n2",
        EN["wk_total_region"].format(region="North"),
        "Name of s1",
        EN["wk_total_region"].format(region="South"),
        EN["wk_total_company"],
    ]
    north = row_of(table, EN["wk_col_rep"], "North total")
    # North last week: (100 + 40) / (100 + 50) = 93.3%, over-committed
    assert north[EN["wk_col_lw_accuracy"]] == f"93.3% · {EN['band_over_committed']}"
    s1 = row_of(table, EN["wk_col_rep"], "Name of s1")
    assert s1[EN["wk_col_call"]] == EN["wk_call_missing"]
    assert any("Name of s1" in w.value for w in app.warning), "s1 is a missing call"


def test_picking_another_week_changes_the_numbers_and_the_url(app_on: Any, small_db: Path) -> None:
    app = weekly(app_on, small_db, week=W2)
    assert tiles(app)[EN["wk_kpi_accuracy"]] == "111.4%"
    app.selectbox(key="wk_week").set_value(W3).run()
    no_exception(app)
    # Last week is now W2: n1 90 / 120, n2 66 / 60, s1 had no call (left out): 156 / 180
    assert tiles(app)[EN["wk_kpi_accuracy"]] == "86.7%"
    assert app.query_params["week"] in ([W3], W3)
    assert not any("Name of s1" in w.value for w in app.warning), "everyone called in W3"


def test_a_region_filter_changes_the_company_total(app_on: Any, small_db: Path) -> None:
    app = weekly(app_on, small_db, week=W2)
    total = row_of(table_with(app, EN["wk_col_rep"]), EN["wk_col_rep"], EN["wk_total_company"])
    assert total[EN["wk_col_lw_accuracy"]].startswith("111.4% ")
    app.sidebar.multiselect(key="f_region").set_value(["North"]).run()
    no_exception(app)
    table = table_with(app, EN["wk_col_rep"])
    # One region chosen: the company row would repeat North's total and is left out
    assert EN["wk_total_company"] not in set(table[EN["wk_col_rep"]])
    assert EN["wk_total_selection"] not in set(table[EN["wk_col_rep"]])
    total = row_of(table, EN["wk_col_rep"], EN["wk_total_region"].format(region="North"))
    # North only: (100 + 40) / (100 + 50) = 93.3%
    assert total[EN["wk_col_lw_accuracy"]].startswith("93.3% ")
    assert "Name of s1" not in set(table[EN["wk_col_rep"]])
    assert tiles(app)[EN["wk_kpi_accuracy"]] == "93.3%"


def test_weekly_in_chinese(app_on: Any, small_db: Path) -> None:
    app = weekly(app_on, small_db, week=W2, lang="zh")
    assert ZH["wk_title"] in [t.value for t in app.title]
    assert ZH["wk_kpi_accuracy"] in tiles(app)
    table = table_with(app, ZH["wk_col_lw_accuracy"])
    assert ZH["wk_total_company"] in set(table[ZH["wk_col_rep"]])


def test_weekly_commit_list_flags(app_on: Any, small_db: Path) -> None:
    app = weekly(app_on, small_db, week=W2)
    deals = table_with(app, "should_be_commit")  # the list section, before the drills
    # Snapshot of W2's Monday: d10 commit at 90 (complete), d11 commit at 80 (weak),
    # d12 upside at 90 (should be commit); d13 is pipeline and not on the list.
    assert sorted(deals["opportunity_id"]) == ["d10", "d11", "d12"]
    # the flags in the first columns, the flagged deals first, amounts with the currency
    assert list(deals.columns[:3]) == ["weak_commit", "should_be_commit", "opportunity_name"]
    assert set(deals["opportunity_id"][:2]) == {"d11", "d12"}
    assert all(str(a).startswith("¥") for a in deals["amount_text"])
    flags = deals.set_index("opportunity_id")
    assert bool(flags.loc["d11", "weak_commit"]) and not bool(flags.loc["d10", "weak_commit"])
    assert bool(flags.loc["d12", "should_be_commit"])
    # d11 has 3 of 5 checklist items true (one unknown counts as not true)
    assert flags.loc["d11", "checklist_share"] == pytest.approx(0.6)
    app.button_group(key="wk_list_filter").set_value("weak").run()
    no_exception(app)
    assert table_with(app, "should_be_commit")["opportunity_id"].tolist() == ["d11"]


def test_weekly_pages_without_calls_or_data_say_what_to_load(app_on: Any, tmp_path: Path) -> None:
    empty_db = tmp_path / "empty" / "forecast.duckdb"
    empty_db.parent.mkdir()
    Store(empty_db).close()
    for page in ("weekly", "monthly"):
        app = app_on(empty_db, page=page)
        no_exception(app)
        assert any(EN["empty_store_title"] in i.value for i in app.info)
    reps_only = tmp_path / "reps" / "forecast.duckdb"
    reps_only.parent.mkdir()
    with make_store(reps_only) as store:
        add_reps(store, [("n1", "North")])
    app = app_on(reps_only, page="weekly")
    no_exception(app)
    assert any(EN["wk_no_calls_title"] in i.value for i in app.info)


# -- Monthly forecast review ---------------------------------------------------------------------
def test_monthly_page_shows_the_month_from_the_url(app_on: Any, small_db: Path) -> None:
    app = monthly(app_on, small_db, month="2026-01")
    assert EN["mo_title"] in [t.value for t in app.title]
    assert app.selectbox(key="mo_month").value == "2026-01"
    # M8 January: (12 x 1000 + 12 x 500 + 12 x 1300) / (12 x 3250) = 33600 / 39000 = 86.2%
    assert tiles(app)[EN["mo_kpi_m8"]] == "86.2%"
    table = table_with(app, EN["mo_col_cover"])
    north = row_of(table, EN["mo_col_rep"], "North total")
    # North: 18000 / 23400 = 76.9%
    assert north[EN["mo_col_cover"]] == "76.9%"


def test_picking_another_month_changes_a_number(app_on: Any, small_db: Path) -> None:
    app = monthly(app_on, small_db, month="2026-01")
    app.selectbox(key="mo_month").set_value("2026-02").run()
    no_exception(app)
    shown = tiles(app)
    # M8 February (window Feb..Jan 2027, targets for 11 months): n1 11 x 1300, n2 (January's
    # forecast) 11 x 500, s1 11 x 1300 = 34100 / (11 x 3250 = 35750) = 95.4%
    assert shown[EN["mo_kpi_m8"]] == "95.4%"
    # February forecasts: n1 on time, s1 late, n2 missing -> 1 of 3
    assert shown[EN["mo_kpi_m14m"]] == "33%"
    assert app.query_params["month"] in (["2026-02"], "2026-02")


def test_monthly_region_filter_changes_the_total(app_on: Any, small_db: Path) -> None:
    app = monthly(app_on, small_db, month="2026-02", region="North")
    table = table_with(app, EN["mo_col_cover"])
    total = row_of(table, EN["mo_col_rep"], EN["mo_total_company"])
    # North only: (14300 + 5500) / (11 x 1950 = 21450) = 92.3%
    assert total[EN["mo_col_cover"]] == "92.3%"
    assert tiles(app)[EN["mo_kpi_m8"]] == "92.3%"
    assert "Name of s1" not in set(table[EN["mo_col_rep"]])


def test_monthly_in_chinese(app_on: Any, small_db: Path) -> None:
    app = monthly(app_on, small_db, month="2026-02", lang="zh")
    assert ZH["mo_title"] in [t.value for t in app.title]
    assert ZH["mo_kpi_m8"] in tiles(app)
    assert ZH["mo_plan_save"] in [b.label for b in app.button]


def test_saving_an_action_plan_stores_it_and_shows_it_again(app_on: Any, small_copy: Path) -> None:
    app = monthly(app_on, small_copy, month="2026-02")
    note = "Close d13 by 20 March; two new demos in Beijing."
    app.text_area(key="mo_plan_2026-02_n1").input(note)
    app.button(key="mo_plan_save").click().run()
    no_exception(app)
    assert any("1" in s.value for s in app.success), [s.value for s in app.success]
    # Read back through analytics.
    with Store(small_copy) as store:
        stored = list_action_plans(store, "2026-02").set_index("rep")
    assert stored.loc["n1", "note"] == note
    assert pd.isna(stored.loc["n2", "note"])
    # A fresh session (a reload) shows it from the database.
    again = monthly(app_on, small_copy, month="2026-02")
    assert again.text_area(key="mo_plan_2026-02_n1").value == note
    # Emptying the note and saving removes it.
    again.text_area(key="mo_plan_2026-02_n1").input("")
    again.button(key="mo_plan_save").click().run()
    no_exception(again)
    with Store(small_copy) as store:
        assert pd.isna(list_action_plans(store, "2026-02").set_index("rep").loc["n1", "note"])


def test_both_pages_run_on_the_demo(app_on: Any, demo_db: Path) -> None:
    for page in ("weekly", "monthly"):
        app = app_on(demo_db, page=page)
        no_exception(app)
        assert len(app.metric) >= 6
        assert all(m.value != EN["unavailable"] for m in app.metric[:3]), [
            (m.label, m.value) for m in app.metric
        ]


# -- figure builders -----------------------------------------------------------------------------
def _shapes_y(fig: Any) -> list[tuple[float, float]]:
    return sorted((float(s.y0), float(s.y1)) for s in fig.layout.shapes)


def test_weekly_figures_draw_the_thresholds_of_the_settings() -> None:
    from dashboard.components.weekly_charts import (
        accuracy_by_rep_figure,
        cover_by_rep_figure,
        linearity_by_rep_figure,
    )

    th = Thresholds(m1_accurate_low=0.9, m1_accurate_high=1.2, m2_healthy=0.8, m3_healthy=1.05)
    reps = pd.DataFrame(
        {
            "scope": ["n1", "n2"],
            "rep_name": ["Ann", None],
            "last_week_accuracy": [1.0, 0.5],
            "last_week_actual": [100.0, 50.0],
            "last_week_commit": [100.0, 100.0],
            "commit_linearity": [0.85, None],
            "month_cover": [1.1, 0.7],
            "quarter_cover": [0.9, 0.95],
        }
    )
    accuracy = accuracy_by_rep_figure(reps, th, "en", title="t")
    assert _shapes_y(accuracy) == [(0.9, 1.2)]
    assert list(accuracy.data[0].x) == ["Ann", "n2"]  # a rep without a name shows its id
    # n1 100% is inside 90–120% (green), n2 50% is over-committed (red)
    assert list(accuracy.data[0].marker.color) == ["#2ea043", "#da3633"]
    assert _shapes_y(linearity_by_rep_figure(reps, th, "zh", title="t")) == [(0.8, 1.0)]
    cover = cover_by_rep_figure(reps, th, "en", title="t")
    assert _shapes_y(cover) == [(1.05, 1.05)]
    assert len(cover.data) == 2
    # the guides' labels sit right of the plot (x beyond its domain), never over a bar's label,
    # and the legend above the plot, never over the rotated rep names under it
    for fig in (accuracy, cover):
        assert [(a.x, a.xref, a.xanchor) for a in fig.layout.annotations] == [
            (1, "x domain", "left")
        ]
    assert accuracy.layout.annotations[0].text == "accurate<br>90%–120%"
    assert cover.layout.legend.y > 1 and cover.layout.legend.yanchor == "bottom"


def test_monthly_figures_draw_the_thresholds_of_the_settings() -> None:
    from dashboard.components.monthly_charts import (
        growth_figure,
        horizon_figure,
        period_bars_figure,
    )

    th = Thresholds(m8_healthy=0.9, m9_healthy=2.0, m10_floor=0.03, m10_good=0.12)
    months = pd.DataFrame({"period": ["2026-01", "2026-02"], "value": [0.95, None]})
    m8 = period_bars_figure(months, "M8", th, "en", title="t", x_title="x")
    assert _shapes_y(m8) == [(0.9, 0.9)]
    assert list(m8.data[0].y) == [0.95, None]  # a missing month stays a gap, never 0
    m9 = period_bars_figure(months, "M9", th, "en", title="t", x_title="x")
    assert _shapes_y(m9) == [(2.0, 2.0)]
    assert m9.layout.yaxis.range[1] > 2.0  # the 200% line is inside the plot
    growth = growth_figure(months, months, th, "en", title="t")
    assert _shapes_y(growth) == [(0.03, 0.03), (0.12, 0.12)]
    horizons = pd.DataFrame({"horizon": [1, 2], "value": [1.02, 0.97]})
    assert list(horizon_figure(horizons, "en", title="t").data[0].x) == ["1", "2"]


def test_week_options_default_to_the_due_week_else_the_last_week_with_calls() -> None:
    from analytics.calendar import due_call_week
    from dashboard.pages.weekly import week_options

    weeks = [date(2026, 1, 5), date(2026, 1, 12)]

    def due(moment: str) -> date:
        return due_call_week(0, 9, at=datetime.fromisoformat(moment))

    # A live store: Thursday 15 January is in the last week with calls.
    assert week_options(weeks, due("2026-01-15T10:00")) == (
        [date(2026, 1, 12), date(2026, 1, 5)],
        date(2026, 1, 12),
    )
    # Monday 19 January 08:59: this week's call is not due yet, so last week opens.
    assert week_options(weeks, due("2026-01-19T08:59"))[1] == date(2026, 1, 12)
    # Monday 19 January 09:00, nobody has called yet: the due week is offered and chosen.
    options, default = week_options(weeks, due("2026-01-19T09:00"))
    assert options[0] == date(2026, 1, 19) and default == date(2026, 1, 19)
    # Old data (today far after the last call): the last week with calls.
    assert week_options(weeks, due("2026-11-27T12:00"))[1] == date(2026, 1, 12)
    assert week_options([], date(2026, 1, 19)) == ([], date(2026, 1, 19))
    # Calls already in for a week not yet due (Sunday evening): offered, not opened.
    options, default = week_options([*weeks, date(2026, 1, 19)], due("2026-01-18T20:00"))
    assert options[0] == date(2026, 1, 19) and default == date(2026, 1, 12)


def test_arrows_follow_the_shown_precision() -> None:
    from dashboard.components.monthly_table import arrow

    assert arrow(82.6, 81.9) == "▲"
    assert arrow(80.71, 80.68, 1) == "="  # both print as 80.7
    assert arrow(5.0, 7.0) == "▼"
    assert arrow(None, 1.0) == ""


@pytest.mark.parametrize(
    ("moment", "week", "month"),
    [
        # Thursday before the first Monday of December: last week's call is due, this month's
        # review is not, so the monthly page opens on November.
        ("2026-12-03T10:00", "2026-11-30", "2026-11"),
        # The first Monday after 09:00: this week's call and December's review are both due.
        ("2026-12-07T09:30", "2026-12-07", "2026-12"),
    ],
)
def test_pages_open_on_what_is_due_and_judge_nothing_unfinished(
    app_on: Any, tmp_path: Path, clock: Any, moment: str, week: str, month: str
) -> None:
    from analytics.demo import build_demo

    clock(moment)
    db = tmp_path / "forecast.duckdb"
    with Store(db) as store:
        build_demo(store, seed=7, n_reps=8, years=1)
    weekly = app_on(db, page="weekly")
    no_exception(weekly)
    assert weekly.query_params["week"] in (week, [week])
    texts = _page_text(weekly)
    assert EN["band_poor"] not in texts
    monthly = app_on(db, page="monthly")
    no_exception(monthly)
    assert monthly.query_params["month"] in (month, [month])
    tiles = {m.label: m.value for m in monthly.metric}
    on_time = tiles[EN["mo_kpi_m14m"]]
    assert on_time != "0%", tiles  # the review that is due was submitted by the demo's reps
    texts = _page_text(monthly)
    assert EN["band_poor"] not in texts
    # December is offered on the 3rd, labelled as not yet due.
    picker = monthly.selectbox(key="mo_month")
    labels = [picker.format_func(o) for o in picker.options]
    december = next(label for label in labels if label.startswith("2026-12"))
    if moment.startswith("2026-12-03"):
        assert "not due until 2026-12-07 09:00" in december
    else:
        assert "not due" not in december


def _page_text(app: Any) -> str:
    parts = [str(getattr(e, "value", "")) for e in (*app.markdown, *app.caption)]
    parts += [str(getattr(b, "label", "")) for b in getattr(app, "badge", [])]
    return "\n".join(parts)


def test_weekly_lists_the_slipped_stale_and_past_due_deals_biggest_first(
    app_on: Any, demo_db: Path
) -> None:
    app = weekly(app_on, demo_db, region="East")
    deals = table_with(app, "days_past_due")
    assert len(deals) > 0
    # every row is flagged by at least one of the three, and the amounts fall row by row
    flagged = (
        (deals["slip_count"] != "") | deals["stale"].astype(bool) | (deals["days_past_due"] != "")
    )
    assert flagged.all()
    amounts = [int("".join(ch for ch in str(a) if ch.isdigit())) for a in deals["amount_text"]]
    assert amounts == sorted(amounts, reverse=True)
    assert set(deals["region"]) == {"East"}
    # the region filter leaves one region: no company row repeating its total
    table = table_with(app, EN["wk_col_rep"])
    assert EN["wk_total_company"] not in set(table[EN["wk_col_rep"]])
