"""App tests of the Pipeline and Team pages on a small hand-made database (AppTest, no browser).

The database (`build_pipeline_team_db`) has four reps in two regions, five weekly snapshots in
February and March 2026, weekly bookings and calls for the 13 weeks of FY2026-Q1 and monthly
targets, chosen so that every number asserted below can be worked out by hand (comments show
the arithmetic). Charts cannot be inspected here; the pages print the waterfall's reconciliation
and the rep's tiles as text, which the tests read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.settings import Settings
from analytics.store import Store
from dashboard.i18n import TEXTS
from tests.app.fixtures import APP, TIMEOUT, use_db  # noqa: F401

EN, ZH = TEXTS["en"], TEXTS["zh"]

SNAPSHOTS = ("2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23", "2026-03-02")
REPS = (("n1", "Ning Li", "North"), ("n2", "Nan Wu", "North"), ("s1", "Song He", "South"),
        ("s2", "Shu Xu", "South"))  # fmt: skip
State = tuple[float, float, str, str] | None  # stage, amount, close_date, category
ALL_TRUE = (True, True, True, True, True)
ALL_FALSE = (False, False, False, False, False)


def _deal(
    rep: str, created: str, checklist: Sequence[bool] | None, *states: State
) -> dict[str, Any]:
    assert len(states) == len(SNAPSHOTS)
    return {"rep": rep, "created": created, "checklist": checklist, "states": states}


# One state per snapshot (None: not in that snapshot). See the module docstring.
DEALS: dict[str, dict[str, Any]] = {
    # n1: grows 100k -> 120k and becomes commit; A2 slips Mar -> Apr; A3 new; A4 won.
    "A1": _deal("n1", "2025-12-01", ALL_TRUE, *[(50, 100000, "2026-03-20", "pipeline")] * 2,
                *[(70, 120000, "2026-03-20", "upside")] * 2, (90, 120000, "2026-03-20", "commit")),
    "A2": _deal("n1", "2025-11-15", None, (60, 50000, "2026-03-15", "upside"),
                *[(60, 50000, "2026-04-15", "upside")] * 4),
    "A3": _deal("n1", "2026-02-10", None, None, None, *[(25, 30000, "2026-03-31", "pipeline")] * 3),
    "A4": _deal("n1", "2025-12-01", ALL_TRUE, *[(90, 40000, "2026-02-27", "commit")] * 3,
                *[(100, 40000, "2026-02-20", "won")] * 2),
    # n2: B1 and B2 never change (stale); B2 is past due at 03-02; B3 is lost.
    "B1": _deal("n2", "2025-10-01", None, *[(25, 80000, "2026-03-10", "pipeline")] * 5),
    "B2": _deal("n2", "2025-12-15", None, *[(50, 20000, "2026-02-25", "pipeline")] * 5),
    "B3": _deal("n2", "2025-12-01", None, *[(70, 60000, "2026-03-25", "upside")] * 3,
                *[(0, 60000, "2026-03-25", "lost")] * 2),
    # s1: C1 decreases 200k -> 150k; C2 pulled in from April; C3 slips twice (Feb->Mar->May).
    "C1": _deal("s1", "2025-11-01", ALL_FALSE, *[(90, 200000, "2026-03-05", "commit")] * 2,
                *[(90, 150000, "2026-03-05", "commit")] * 3),
    "C2": _deal("s1", "2026-01-10", None, *[(50, 70000, "2026-04-20", "pipeline")] * 3,
                *[(50, 70000, "2026-03-28", "pipeline")] * 2),
    "C3": _deal("s1", "2025-12-20", None, (60, 90000, "2026-02-20", "upside"),
                *[(60, 90000, "2026-03-20", "upside")] * 2,
                *[(60, 90000, "2026-05-15", "upside")] * 2),
    # s2: D1 goes from lead (0) to 25 (new); D2 never changes.
    "D1": _deal("s2", "2026-01-20", None, *[(0, 10000, "2026-03-30", "pipeline")] * 2,
                *[(25, 10000, "2026-03-30", "pipeline")] * 3),
    "D2": _deal("s2", "2025-11-20", ALL_FALSE, *[(90, 30000, "2026-03-12", "commit")] * 5),
}  # fmt: skip
# Weekly bookings (each Monday of Q1) and weekly commit calls per rep; s2 never calls.
WEEKLY_BOOKING = {"n1": 25000, "n2": 10000, "s1": 30000, "s2": 5000}
WEEKLY_COMMIT = {"n1": 25000, "n2": 10000, "s1": 15000}
CALL_TIME = {"n1": "08:00", "n2": "08:30", "s1": "11:00"}  # s1 calls after the 09:00 deadline
MONDAYS = tuple(date(2026, 1, 5) + timedelta(weeks=k) for k in range(13))  # 01-05 .. 03-30


def build_pipeline_team_db(path: Path) -> Path:
    """Write the hand-made dataset into a new database file at `path` (default settings)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store(path, settings=Settings()) as store, store.transaction() as cur:
        for rep, name, region in REPS:
            cur.execute(
                "INSERT INTO reps (rep, name, region, source, load_id) VALUES (?, ?, ?, 'reps', 1)",
                [rep, name, region],
            )
        for opp, deal in DEALS.items():
            checklist = deal["checklist"] or (None,) * 5
            for snap, state in zip(SNAPSHOTS, deal["states"], strict=True):
                if state is None:
                    continue
                stage, amount, close, category = state
                cur.execute(
                    "INSERT INTO snapshots (snapshot_date, opportunity_id, opportunity_name, "
                    "account, rep, stage, amount, close_date, forecast_category, created_date, "
                    "config_final, end_user_signed, channel_signed, discount_approved, "
                    "partner_ready, load_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 2)",
                    [snap, opp, f"Deal {opp}", f"Account {opp}", deal["rep"], stage, amount,
                     close, category, deal["created"], *checklist],
                )  # fmt: skip
        for monday in MONDAYS:
            for rep, amount in WEEKLY_BOOKING.items():
                cur.execute(
                    "INSERT INTO bookings (order_id, opportunity_id, rep, booked_date, amount, "
                    "status, load_id) VALUES (?, NULL, ?, ?, ?, 'realized', 3)",
                    [f"o-{rep}-{monday}", rep, monday, amount],
                )
            for rep, commit in WEEKLY_COMMIT.items():
                # n1's week of 02-16 also carries A4's order of 40,000 booked on 02-20.
                extra = 40000 if rep == "n1" and monday == date(2026, 2, 16) else 0
                hour, minute = (int(p) for p in CALL_TIME[rep].split(":"))
                cur.execute(
                    "INSERT INTO calls (rep, week_start, submitted_at, commit_amount, load_id) "
                    "VALUES (?, ?, ?, ?, 4)",
                    [rep, monday, datetime(monday.year, monday.month, monday.day, hour, minute),
                     commit + extra],
                )  # fmt: skip
        cur.execute(
            "INSERT INTO bookings (order_id, opportunity_id, rep, booked_date, amount, status, "
            "load_id) VALUES ('o-A4', 'A4', 'n1', DATE '2026-02-20', 40000, 'realized', 3)"
        )
        for rep, _, _ in REPS:
            for month in ("2026-01-01", "2026-02-01", "2026-03-01"):
                cur.execute(
                    "INSERT INTO targets (scope_type, scope, month, target, stretch_target, "
                    "load_id) VALUES ('rep', ?, ?, 100000, 110000, 5)",
                    [rep, month],
                )
    return path


@pytest.fixture(scope="module")
def pt_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_pipeline_team_db(tmp_path_factory.mktemp("pipeline-team") / "forecast.duckdb")


@pytest.fixture
def page_on(use_db: Callable[[Path], Path]) -> Callable[..., AppTest]:  # noqa: F811
    """`page_on(db, stem, query=None)`: the dashboard run on `db`, switched to a page."""

    def make(db: Path, stem: str, query: dict[str, object] | None = None) -> AppTest:
        use_db(db)
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        if query:
            at.query_params.update(query)
        at.run()
        at.switch_page(f"dashboard/pages/{stem}.py").run()
        _no_exception(at)
        return at

    return make


def _no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def _reconciliation(at: AppTest) -> str:
    lines = [c for c in _captions(at) if "Reconciles" in c or "已核对" in c]
    assert len(lines) == 1, _captions(at)
    return lines[0]


def _tab_table(at: AppTest, label: str) -> pd.DataFrame:
    """The table in the tab whose label starts with `label` (tab labels carry a count)."""
    tabs = [tab for tab in at.tabs if tab.label.startswith(label)]
    assert len(tabs) == 1, [tab.label for tab in at.tabs]
    frames = tabs[0].dataframe
    assert len(frames) == 1, f"tab {label} holds {len(frames)} tables"
    return frames[0].value


def _table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The one table that has a column headed `column`."""
    frames = [df.value for df in at.dataframe if column in df.value.columns]
    assert len(frames) == 1, f"{len(frames)} tables have a column {column}"
    return frames[0]


# -- Pipeline ---------------------------------------------------------------------------------
def test_pipeline_renders_with_default_picks(page_on: Any, pt_db: Path) -> None:
    at = page_on(pt_db, "pipeline")
    assert EN["page_pipeline"] in [t.value for t in at.title]
    # Defaults: the latest snapshot, the one four weeks before it, the quarter of the latest.
    assert at.selectbox(key="pl_s1").value == date(2026, 3, 2)
    assert at.selectbox(key="pl_s0").value == date(2026, 2, 2)
    assert at.selectbox(key="pl_win").value == "FY2026-Q1"
    assert at.query_params["s1"] in (["2026-03-02"], "2026-03-02")
    assert at.query_params["s0"] in (["2026-02-02"], "2026-02-02")
    # start (02-02, Q1) = A1 100k + A2 50k + A4 40k + B1 80k + B2 20k + B3 60k + C1 200k
    #                     + C3 90k + D2 30k = 670k
    # end (03-02, Q1) = A1 120k + A3 30k + B1 80k + B2 20k + C1 150k + C2 70k + D1 10k + D2 30k
    #                 = 510k;  movements = 510k - 670k = -160k
    assert _reconciliation(at) == (
        ":material/check_circle: Reconciles: ¥670,000 + movements -¥160,000 = ¥510,000"
    )


def test_waterfall_drill_lists_the_deals_of_each_step(page_on: Any, pt_db: Path) -> None:
    at = page_on(pt_db, "pipeline")
    # new: A3 30k (absent at 02-02) and D1 10k (a lead at 02-02); pushed out: A2, C3.
    new = _tab_table(at, EN["pl_step_new"] + " (")
    assert sorted(new[EN["pl_col_opportunity"]]) == ["A3", "D1"]
    # amounts are written as the page shows them (whole currency units, Babel)
    assert sorted(new[EN["pl_col_amount"]]) == ["¥10,000", "¥30,000"]
    pushed = _tab_table(at, EN["pl_step_pushed_out"])
    assert sorted(pushed[EN["pl_col_opportunity"]]) == ["A2", "C3"]
    assert sorted(pushed[EN["pl_col_amount"]]) == ["¥50,000", "¥90,000"]


def test_changing_the_snapshots_changes_the_waterfall(page_on: Any, pt_db: Path) -> None:
    at = page_on(pt_db, "pipeline")
    at.selectbox(key="pl_s0").set_value(date(2026, 2, 16)).run()
    _no_exception(at)
    # start (02-16, Q1) = A1 120k + A3 30k + A4 40k + B1 80k + B2 20k + B3 60k + C1 150k
    #                     + C3 90k (close 03-20) + D1 10k + D2 30k = 630k; end unchanged 510k
    assert _reconciliation(at) == (
        ":material/check_circle: Reconciles: ¥630,000 + movements -¥120,000 = ¥510,000"
    )
    assert at.query_params["s0"] in (["2026-02-16"], "2026-02-16")


def test_changing_the_window_changes_the_waterfall(page_on: Any, pt_db: Path) -> None:
    at = page_on(pt_db, "pipeline")
    at.selectbox(key="pl_win").set_value("2026-03").run()
    _no_exception(at)
    # March only. start (02-02) = A1 100k + A2 50k + B1 80k + B3 60k + C1 200k + D2 30k = 520k
    # end (03-02) = A1 120k + A3 30k + B1 80k + C1 150k + C2 70k + D1 10k + D2 30k = 490k
    assert _reconciliation(at) == (
        ":material/check_circle: Reconciles: ¥520,000 + movements -¥30,000 = ¥490,000"
    )
    assert at.query_params["win"] in (["2026-03"], "2026-03")


def test_a_shared_link_opens_the_same_picks(page_on: Any, pt_db: Path) -> None:
    at = page_on(
        pt_db, "pipeline", query={"s1": "2026-02-23", "s0": "2026-02-09", "win": "2026-03"}
    )
    assert at.selectbox(key="pl_s1").value == date(2026, 2, 23)
    assert at.selectbox(key="pl_s0").value == date(2026, 2, 9)
    assert at.selectbox(key="pl_win").value == "2026-03"


def test_deal_lists_and_the_region_filter(page_on: Any, pt_db: Path) -> None:
    at = page_on(pt_db, "pipeline")
    slipped = _tab_table(at, "Slipped (")
    # A2 50k slipped once (03-15 -> 04-15), C3 90k twice (02-20 -> 03-20 -> 05-15); largest
    # amount first.
    assert list(slipped[EN["pl_col_opportunity"]]) == ["C3", "A2"]
    assert list(slipped[EN["pl_col_amount"]]) == ["¥90,000", "¥50,000"]
    assert list(slipped[EN["pl_col_slip_count"]]) == ["2", "1"]
    # reps by name, their id kept in the last column
    assert list(slipped[EN["pl_col_rep"]]) == ["Song He", "Ning Li"]
    assert list(slipped[EN["pl_col_rep_id"]]) == ["s1", "n1"]
    assert list(slipped.columns)[-1] == EN["pl_col_rep_id"]
    # stale: unchanged in the last 4 snapshots (A2 since 02-09; B1, B2, D2 never changed)
    stale = _tab_table(at, "Stale (")
    assert sorted(stale[EN["pl_col_opportunity"]]) == ["A2", "B1", "B2", "D2"]
    past_due = _tab_table(at, "Past due (")
    assert list(past_due[EN["pl_col_opportunity"]]) == ["B2"]  # close 02-25 < 03-02

    at.sidebar.multiselect(key="f_region").set_value(["South"]).run()
    _no_exception(at)
    slipped = _tab_table(at, "Slipped (")
    assert list(slipped[EN["pl_col_opportunity"]]) == ["C3"]
    assert sorted(_tab_table(at, "Stale (")[EN["pl_col_opportunity"]]) == ["D2"]
    # South only: start = C1 200k + C3 90k + D2 30k = 320k; end = C1 150k + C2 70k + D1 10k
    # + D2 30k = 260k
    assert _reconciliation(at) == (
        ":material/check_circle: Reconciles: ¥320,000 + movements -¥60,000 = ¥260,000"
    )


def test_stage_drill_and_calibration(page_on: Any, pt_db: Path) -> None:
    at = page_on(pt_db, "pipeline")
    stages = _table_with(at, EN["pl_col_stage_rung"])
    # 03-02, Q1 close dates, lost/omitted left out: A1 90, A3 25, A4 won 100, B1 25, B2 50,
    # C1 90, C2 50, D1 25, D2 90 (A2 and C3 close after March, B3 is lost)
    assert sorted(stages[EN["pl_col_opportunity"]]) == [
        "A1", "A3", "A4", "B1", "B2", "C1", "C2", "D1", "D2"
    ]  # fmt: skip
    calibration = _table_with(at, EN["pl_col_observations"])
    by_stage = dict(
        zip(calibration[EN["pl_col_stage"]], calibration[EN["pl_col_won"]], strict=True)
    )
    # outcomes: A4 won after three snapshots at 90; B3 lost after three snapshots at 70
    assert by_stage[90] == "3" and by_stage[70] == "0"
    # a stage without outcomes has no win rate: a dash, never "None" or "nan"
    cells = {str(v) for v in calibration.to_numpy().ravel()}
    assert not cells & {"None", "nan", "NaN", ""}
    brier = {m.label: m.value for m in at.metric}[EN["pl_brier"]]
    # mean of 3 x (0.9 - 1)^2 and 3 x (0.7 - 0)^2 = (0.03 + 1.47) / 6 = 0.250
    assert brier == "0.250"


def test_the_first_snapshot_has_nothing_to_compare_with(page_on: Any, pt_db: Path) -> None:
    at = page_on(pt_db, "pipeline", query={"s1": "2026-02-02"})
    assert "pl_s0" not in [box.key for box in at.selectbox]
    assert any("No snapshot before 2026-02-02" in i.value for i in at.info)
    assert "s0" not in at.query_params


def test_pipeline_in_chinese(page_on: Any, pt_db: Path) -> None:
    at = page_on(pt_db, "pipeline", query={"lang": "zh"})
    assert ZH["page_pipeline"] in [t.value for t in at.title]
    headers = [h.value for h in at.subheader]
    assert ZH["pl_waterfall_title"] in headers and ZH["pl_calibration_title"] in headers
    assert _reconciliation(at).startswith(":material/check_circle: 已核对")


def test_pipeline_on_an_empty_store(page_on: Any, tmp_path: Path) -> None:
    db = tmp_path / "empty" / "forecast.duckdb"
    db.parent.mkdir()
    Store(db).close()
    at = page_on(db, "pipeline")
    assert any(EN["empty_store_title"] in i.value for i in at.info)


def test_pipeline_with_one_snapshot_says_what_to_load(page_on: Any, tmp_path: Path) -> None:
    from tests.analytics.fixtures import add_reps, add_snapshots

    db = tmp_path / "one" / "forecast.duckdb"
    db.parent.mkdir()
    with Store(db, settings=Settings()) as store:
        add_reps(store, [("r1", "North")])
        add_snapshots(store, [("2026-03-02", "a", "r1", 50, 100, "2026-03-20", "pipeline")])
    at = page_on(db, "pipeline")
    assert at.selectbox(key="pl_s1").value == date(2026, 3, 2)
    assert any("Load a second snapshot" in i.value for i in at.info)
    # the stage distribution and the lists still show the one snapshot
    assert list(_table_with(at, EN["pl_col_stage_rung"])[EN["pl_col_opportunity"]]) == ["a"]


# -- Team -------------------------------------------------------------------------------------
def _tiles(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_team_renders_the_matrix_table(page_on: Any, pt_db: Path) -> None:
    at = page_on(pt_db, "team")
    assert EN["page_team"] in [t.value for t in at.title]
    table = _table_with(at, EN["tm_col_group"])
    groups = dict(zip(table[EN["tm_col_rep"]], table[EN["tm_col_group"]], strict=True))
    # n1: 365k / 300k = 122% and discipline 1 -> A; n2: 130k / 300k, discipline 1 -> B;
    # s1: 390k / 300k, late calls at 200% accuracy and incomplete checklist -> C;
    # s2: 65k / 300k, no calls -> D
    assert groups == {"n1": "A", "n2": "B", "s1": "C", "s2": "D"}
    assert list(table[EN["tm_col_rep"]]) == ["n1", "n2", "s1", "s2"]  # ordered by group


def test_picking_a_rep_changes_the_trends(page_on: Any, pt_db: Path) -> None:
    at = page_on(pt_db, "team")
    assert at.selectbox(key="tm_focus").value == "n1"
    # n1: 13 x 25,000 + 40,000 = 365,000 over 3 x 100,000 -> 121.7%
    assert _tiles(at)[EN["tm_kpi_attainment"]] == "121.7%"
    attainment = _tab_table(at, EN["tm_tab_attainment"])
    # Jan 4 x 25k = 100k; Feb 4 x 25k + 40k = 140k; Mar 5 x 25k = 125k (targets 100k each)
    assert list(attainment[EN["tm_col_value"]]) == ["100.0%", "140.0%", "125.0%"]

    at.selectbox(key="tm_focus").set_value("n2").run()
    _no_exception(at)
    # n2: 13 x 10,000 = 130,000 / 300,000 = 43.3%; Jan 40k, Feb 40k, Mar 50k
    assert _tiles(at)[EN["tm_kpi_attainment"]] == "43.3%"
    values = _tab_table(at, EN["tm_tab_attainment"])[EN["tm_col_value"]]
    assert list(values) == ["40.0%", "40.0%", "50.0%"]
    assert at.query_params["focus"] in (["n2"], "n2")


def test_team_region_filter_limits_the_reps(page_on: Any, pt_db: Path) -> None:
    at = page_on(pt_db, "team")
    at.sidebar.multiselect(key="f_region").set_value(["South"]).run()
    _no_exception(at)
    table = _table_with(at, EN["tm_col_group"])
    assert sorted(table[EN["tm_col_rep"]]) == ["s1", "s2"]
    assert at.selectbox(key="tm_focus").options == ["Song He (s1)", "Shu Xu (s2)"]
    assert at.selectbox(key="tm_focus").value == "s1"


def test_team_focus_from_a_shared_link_and_in_chinese(page_on: Any, pt_db: Path) -> None:
    at = page_on(pt_db, "team", query={"focus": "s2", "lang": "zh"})
    assert ZH["page_team"] in [t.value for t in at.title]
    assert at.selectbox(key="tm_focus").value == "s2"
    assert ZH["tm_matrix_title"] in [h.value for h in at.subheader]
    # s2: 13 x 5,000 = 65,000 / 300,000 = 21.7%
    assert _tiles(at)[ZH["tm_kpi_attainment"]] == "21.7%"


def test_team_on_an_empty_store(page_on: Any, tmp_path: Path) -> None:
    db = tmp_path / "empty" / "forecast.duckdb"
    db.parent.mkdir()
    Store(db).close()
    at = page_on(db, "team")
    assert any(EN["empty_store_title"] in i.value for i in at.info)
