"""The roll-up on the Weekly page and the value-added panel on the Overview, run with AppTest.

A small organisation checked by hand (the clock: Friday 2026-11-27 12:00, so the week of 11-23 is
locked since Monday 09:00 and the week of 11-30 is open):
North: Ann leads a1, a2; Bob leads b1. Rep calls, week of 11-23: a1 100, a2 50 (b1 none); week of
11-30: a1 120. Ann's calls for 11-23: 140 at 08:00, then 135 at 08:30 (counts). North: 130.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import TEXTS
from tests.analytics.fixtures import (
    add_bookings,
    add_calls,
    add_reps,
    add_scope_calls,
    at,
    make_store,
    set_managers,
)
from tests.conftest import PINNED_NOW


@pytest.fixture(autouse=True)
def _pinned_moment(clock: Callable[[str], datetime]) -> None:
    """The answers below are worked out for the pinned moment, whatever FORECAST_DESK_TEST_NOW says."""
    clock(PINNED_NOW)


pytest_plugins = ("tests.app.fixtures",)
EN, ZH = TEXTS["en"], TEXTS["zh"]
W, NEXT = "2026-11-23", "2026-11-30"


def build(path: Path) -> Path:
    store = make_store(path)
    add_reps(store, [("a1", "North"), ("a2", "North"), ("b1", "North")])
    set_managers(store, {"a1": "Ann", "a2": "Ann", "b1": "Bob"})
    add_calls(
        store,
        [
            ("a1", "2026-11-16", at("2026-11-15 20:00"), 90),
            ("a1", W, at("2026-11-22 20:00"), 100),
            ("a2", W, at("2026-11-22 20:00"), 50),
            ("a1", NEXT, at("2026-11-27 10:00"), 120),
        ],
    )
    add_scope_calls(
        store,
        [
            ("manager", "Ann", "2026-11-16", at("2026-11-16 08:00"), 80, "Ann", "a1 haircut"),
            ("manager", "Ann", W, at("2026-11-23 08:00"), 140, "Ann", "a2 may slip"),
            ("manager", "Ann", W, at("2026-11-23 08:30"), 135, "Ann", "a2 slips more"),
            ("region", "North", W, at("2026-11-23 08:50"), 130, "Ann", "haircut"),
        ],
    )
    add_bookings(store, [("o1", None, "a1", "2026-11-17", 85)])
    store.close()
    return path


def no_exception(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]


def frame_with(app: AppTest, header: str) -> pd.DataFrame:
    found = [f.value for f in app.dataframe if header in f.value.columns]
    assert found, f"no table with a column {header!r}"
    return found[0]


def weekly(app_on: Callable[..., AppTest], db: Path, **query: object) -> AppTest:
    app = app_on(db, page="weekly", query={"week": W, **query})
    no_exception(app)
    return app


def test_rollup_table_shows_calls_sums_and_gaps(app_on: Any, tmp_path: Path) -> None:
    app = weekly(app_on, build(tmp_path / "forecast.duckdb"))
    table = frame_with(app, EN["ru_col_sum_below"]).set_index(EN["ru_col_scope"])
    ann = table.loc["\u2003\u2003Ann"]
    # Ann: sum below 100 + 50 = 150, her latest on-time call 135, gap -15.
    assert (ann[EN["ru_col_call"]], ann[EN["ru_col_sum_below"]], ann[EN["ru_col_gap"]]) == (
        "135",
        "150",
        "-15",
    )
    # North: its own 130 against Ann's 135 + Bob's 0 (b1 gave no call).
    north = table.loc["\u2003North"]
    assert (north[EN["ru_col_call"]], north[EN["ru_col_sum_below"]]) == ("130", "135")
    assert list(table.index)[0] == EN["ru_company"]
    # No manager chosen: no entry form.
    assert not [s for s in app.subheader if s.value == EN["ru_entry_title"].format(manager="Ann")]


def test_a_manager_enters_adjusts_and_is_refused_after_the_lock(
    app_on: Any, tmp_path: Path
) -> None:
    app = weekly(app_on, build(tmp_path / "forecast.duckdb"))
    app.selectbox(key="ru_manager").set_value("manager:Ann").run()
    no_exception(app)
    assert app.selectbox(key="ru_week").value == NEXT  # the open week
    # An adjustment of -20 to the sum below (a1's 120) is stored as 100.
    app.radio(key="ru_mode").set_value("adjust")
    app.number_input(key="ru_adjust").set_value(-20.0)
    app.text_input(key="ru_reason").set_value("a1's second deal waits for budget")
    app.button(key="ru_submit").click().run()
    no_exception(app)
    assert [s.value for s in app.success][0].startswith("Saved: ")
    history = frame_with(app, EN["ru_col_adjustment"])
    # The history of the last four weeks, newest first: 100 (11-30), 135 and 140 (11-23), 80.
    assert list(history[EN["ru_col_amount"]]) == ["100", "135", "140", "80"]
    assert history[EN["ru_col_adjustment"]].iloc[0] == "-20"
    # Then an amount: appended, the earlier one kept and marked as replaced.
    app.radio(key="ru_mode").set_value("amount")
    app.number_input(key="ru_amount").set_value(110.0)
    app.text_input(key="ru_reason").set_value("a1 firmer")
    app.button(key="ru_submit").click().run()
    history = frame_with(app, EN["ru_col_adjustment"])
    assert list(history[EN["ru_col_amount"]])[:2] == ["110", "100"]
    assert list(history[EN["ru_col_status"]])[:2] == [
        EN["ru_status_counts"],
        EN["ru_status_replaced"],
    ]
    # The week of 11-23 is locked: refused with the deadline, nothing stored.
    app.selectbox(key="ru_week").set_value(W).run()
    app.radio(key="ru_mode").set_value("amount")
    app.number_input(key="ru_amount").set_value(150.0)
    app.text_input(key="ru_reason").set_value("a2 booked after all")
    app.button(key="ru_submit").click().run()
    errors = [e.value for e in app.error]
    assert errors == [EN["ru_locked"].format(week=W, deadline="2026-11-23 09:00")]
    history = frame_with(app, EN["ru_col_adjustment"])
    assert "150" not in list(history[EN["ru_col_amount"]])
    # As a late correction it is kept and flagged; Ann's on-time 135 still counts.
    app.checkbox(key="ru_late").check()
    app.button(key="ru_submit").click().run()
    no_exception(app)
    history = frame_with(app, EN["ru_col_adjustment"])
    statuses = dict(zip(history[EN["ru_col_amount"]], history[EN["ru_col_status"]], strict=False))
    assert statuses["150"] == EN["ru_status_late"] and statuses["135"] == EN["ru_status_counts"]


def test_a_region_head_and_the_vp_enter_calls(app_on: Any, tmp_path: Path) -> None:
    app = weekly(app_on, build(tmp_path / "forecast.duckdb"))
    # The sidebar offers the managers, each region's head and the company's VP.
    options = app.selectbox(key="ru_manager").options
    assert EN["ru_who_region"].format(region="North") in options
    assert EN["ru_who_company"] in options
    app.selectbox(key="ru_manager").set_value("region:North").run()
    no_exception(app)
    assert EN["ru_entry_title"].format(manager=EN["ru_who_region"].format(region="North")) in [
        s.value for s in app.subheader
    ]
    # Neither Ann nor Bob has called the week of 11-30 yet.
    assert EN["ru_sum_missing_region"].format(n=2) in [c.value for c in app.caption]
    # The week of 11-30: Ann gave no call, so her number is a1's 120 (Bob's b1 none: 0);
    # North's adjustment of -30 is stored as 120 - 30 = 90.
    app.radio(key="ru_mode").set_value("adjust")
    app.number_input(key="ru_adjust").set_value(-30.0)
    app.text_input(key="ru_reason").set_value("Q-end freeze at one account")
    app.button(key="ru_submit").click().run()
    no_exception(app)
    history = frame_with(app, EN["ru_col_adjustment"])
    # North's calls, newest first: 90 (11-30, by the region head), then 130 (11-23).
    assert list(history[EN["ru_col_amount"]]) == ["90", "130"]
    assert history[EN["ru_col_by"]].iloc[0] == "head of region North"
    # After the lock: refused; as a late correction, kept and flagged.
    app.selectbox(key="ru_week").set_value(W).run()
    app.radio(key="ru_mode").set_value("amount")
    app.number_input(key="ru_amount").set_value(125.0)
    app.text_input(key="ru_reason").set_value("b1 lost")
    app.button(key="ru_submit").click().run()
    assert [e.value for e in app.error] == [
        EN["ru_locked"].format(week=W, deadline="2026-11-23 09:00")
    ]
    app.checkbox(key="ru_late").check()
    app.button(key="ru_submit").click().run()
    no_exception(app)
    history = frame_with(app, EN["ru_col_adjustment"])
    statuses = dict(zip(history[EN["ru_col_amount"]], history[EN["ru_col_status"]], strict=False))
    assert statuses["125"] == EN["ru_status_late"] and statuses["130"] == EN["ru_status_counts"]
    # The VP: the company's call on the open week, 200 as an amount.
    app.selectbox(key="ru_manager").set_value("company:company").run()
    app.selectbox(key="ru_week").set_value(NEXT).run()
    app.radio(key="ru_mode").set_value("amount")
    app.number_input(key="ru_amount").set_value(200.0)
    app.text_input(key="ru_reason").set_value("top-down")
    app.button(key="ru_submit").click().run()
    no_exception(app)
    history = frame_with(app, EN["ru_col_adjustment"])
    assert list(history[EN["ru_col_amount"]]) == ["200"]
    assert history[EN["ru_col_by"]].iloc[0] == "VP (company)"


def test_missing_numbers_show_as_a_dash_not_none(app_on: Any, tmp_path: Path) -> None:
    app = weekly(app_on, build(tmp_path / "forecast.duckdb"))
    table = frame_with(app, EN["ru_col_gap"])
    values = table.astype(object).to_numpy().ravel().tolist()
    assert not [v for v in values if v is None or (isinstance(v, float) and v != v)]
    assert "None" not in values
    # Rows in tree order: company, North, Ann, a1, a2, Bob, b1 (the first column is the level).
    # Bob gave no call: his own call and gap read "—"; a rep has no sum below; the company gave
    # no call and has no submission time.
    call, below, gap, when = (
        EN[k] for k in ("ru_col_call", "ru_col_sum_below", "ru_col_gap", "ru_col_submitted")
    )
    levels = list(table[EN["ru_col_scope"]])
    bob = levels.index("\u2003\u2003Bob")
    assert (table[call].iloc[bob], table[gap].iloc[bob]) == ("—", "—")
    ann = levels.index("\u2003\u2003Ann")
    assert table[below].iloc[ann + 1] == "—"  # a1, Ann's first rep
    assert (table[call].iloc[0], table[when].iloc[0]) == ("—", "—")
    assert table[when].iloc[ann] == "2026-11-23 08:30"


def test_a_reason_is_required(app_on: Any, tmp_path: Path) -> None:
    app = weekly(app_on, build(tmp_path / "forecast.duckdb"))
    app.selectbox(key="ru_manager").set_value("manager:Ann").run()
    app.number_input(key="ru_amount").set_value(99.0)
    app.button(key="ru_submit").click().run()
    assert any("a reason is required" in e.value for e in app.error)
    assert not app.success


def test_chinese_rollup_and_overview_panel(app_on: Any, tmp_path: Path) -> None:
    db = build(tmp_path / "forecast.duckdb")
    app = weekly(app_on, db, lang="zh")
    assert ZH["ru_title"] in [s.value for s in app.subheader]
    frame_with(app, ZH["ru_col_sum_below"])
    overview = app_on(db, page="overview", query={"lang": "zh", "from": "2026-11", "to": "2026-11"})
    no_exception(overview)
    assert ZH["fva_title"] in [s.value for s in overview.subheader]
    levels = frame_with(overview, ZH["fva_col_level"])
    # Ended weeks with calls: 11-16 only (11-23 ends on Sunday the 29th). Company actual 85;
    # reps 90 (a1) -> WAPE 5/85; Ann's 80 -> 5/85: value added 0.
    assert list(levels[ZH["fva_col_level"]]) == [
        ZH[f"fva_level_{lv}"] for lv in ("naive", "rep", "manager", "region", "company")
    ]


def test_the_texts_built_from_names_exist() -> None:
    for key in ("added", "removed", "amount_changed"):
        assert f"ru_change_{key}" in EN
    for key in ("naive", "rep", "manager", "region", "company"):
        assert f"fva_level_{key}" in EN
    for key in ("adds", "subtracts", "unclear"):
        assert f"fva_finding_{key}" in EN
