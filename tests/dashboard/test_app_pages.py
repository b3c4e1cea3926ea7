"""App tests: every page runs on the demo database without an exception, and the interactions work.

Streamlit's AppTest runs the real script (streamlit_app.py) in this process; widgets are found by
their `key=`. Charts cannot be inspected here (the browser tests look at them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.calendar import fiscal_quarter_start
from analytics.calendar import today as clock_today
from analytics.settings import load_settings
from analytics.store import Store
from dashboard.app import PAGES
from dashboard.i18n import TEXTS

pytest_plugins = ("tests.app.fixtures",)
EN, ZH = TEXTS["en"], TEXTS["zh"]

PAGE_STEMS = [stem for stem, *_ in PAGES]
TITLE_KEYS = {stem: title_key for stem, _, title_key, _ in PAGES}
# The Overview and Data pages put their own title on top; the others use the page name.
PAGE_TITLE = {**{s: EN[k] for s, k in TITLE_KEYS.items()}, "overview": EN["overview_title"]}


def _titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page that has `column` (st.dataframe keys are not exposed)."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a '{column}' column")


def _no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("stem", PAGE_STEMS)
def test_every_page_runs_on_the_demo(app_on: Any, demo_db: Path, stem: str) -> None:
    at = app_on(demo_db, page=stem)
    _no_exception(at)
    assert PAGE_TITLE[stem] in _titles(at)
    assert not at.error, [e.value for e in at.error]


def test_every_page_runs_on_an_empty_store(app_on: Any, tmp_path: Path) -> None:
    db = tmp_path / "empty" / "forecast.duckdb"
    db.parent.mkdir()
    Store(db).close()  # an empty database: the app must not build the demo into it
    at = app_on(db)
    _no_exception(at)
    assert any(EN["empty_store_title"] in i.value for i in at.info)
    for stem in PAGE_STEMS[1:]:
        at.switch_page(f"dashboard/pages/{stem}.py").run()
        _no_exception(at)


def test_without_a_database_file_the_demo_is_built(app_on: Any, tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "forecast.duckdb"
    at = app_on(db)
    _no_exception(at)
    assert db.exists()
    with Store(db) as store:  # the same configuration as the app's connection
        assert store.table_counts()["bookings"] > 0


def _latest_quarter_is_running(db: Path) -> bool:
    """Whether the fiscal quarter of the store's latest snapshot is still running today (the
    clock). In a quarter's first days, before its first weekly snapshot, the outlook shows the
    quarter that just ended, by its outcome and without a projection."""
    with Store(db) as store:  # the page holds it open for writing in this process
        row = store.cursor().execute("SELECT max(snapshot_date) FROM snapshots").fetchone()
        m0 = store.settings.fiscal_year_start_month
    assert row is not None
    return fiscal_quarter_start(row[0], m0) == fiscal_quarter_start(clock_today(), m0)


def test_overview_shows_every_tile(app_on: Any, demo_db: Path) -> None:
    at = app_on(demo_db)
    labels = set(_metrics(at))
    running = _latest_quarter_is_running(demo_db)
    projection = {EN["ol_kpi_p50_target"], EN["ol_kpi_p50_stretch"]}
    assert projection <= labels if running else not projection & labels
    expected = {
        EN[k]
        for k in (
            "ol_kpi_booked",
            "ol_kpi_commit",
            "kpi_commit_accuracy",
            "kpi_hit_rate",
            "kpi_coverage",
            "kpi_growth",
            "kpi_unrealized",
            "kpi_discipline",
        )
    }
    assert expected <= labels
    # the demo has calls and bookings: commit accuracy is a percentage, not "n/a"
    assert _metrics(at)[EN["kpi_commit_accuracy"]].endswith("%")
    # the quarter-to-date bookings are never set against the whole quarter's target as a
    # judgement: no attainment tile; the headline says the pace of the running quarter instead
    assert EN["kpi_attainment_target"] not in labels
    headline = " ".join(m.value for m in at.markdown)
    says = (
        ("ol_behind_by", "ol_ahead_by") if running else ("ol_above_target_by", "ol_below_target_by")
    )
    assert any(EN[k].split("{")[0] in headline for k in says)


def test_a_region_filter_changes_the_numbers_and_the_url(app_on: Any, demo_db: Path) -> None:
    at = app_on(demo_db)
    before = _metrics(at)
    regions = at.sidebar.multiselect(key="f_region").options
    assert len(regions) >= 2
    at.sidebar.multiselect(key="f_region").set_value([regions[0]]).run()
    _no_exception(at)
    after = _metrics(at)
    assert before.keys() == after.keys()
    changed = [k for k in before if before[k] != after[k]]
    assert changed, "one region of several must change at least one number"
    assert at.query_params["region"] in ([regions[0]], regions[0])
    # reps are limited to the chosen region
    reps = at.sidebar.multiselect(key="f_rep").options
    all_reps_at = app_on(demo_db)
    assert 0 < len(reps) < len(all_reps_at.sidebar.multiselect(key="f_rep").options)
    # the reset button clears the filters and brings the numbers back
    at.sidebar.button(key="f_reset").click().run()
    assert at.sidebar.multiselect(key="f_region").value == []
    assert "region" not in at.query_params
    assert _metrics(at) == before


def test_the_language_switch_translates_titles(app_on: Any, demo_db: Path) -> None:
    at = app_on(demo_db)
    assert EN["overview_title"] in _titles(at)
    at.sidebar.selectbox(key="f_lang").set_value("zh").run()
    _no_exception(at)
    assert ZH["overview_title"] in _titles(at)
    assert at.query_params["lang"] in (["zh"], "zh")
    at.switch_page("dashboard/pages/data.py").run()
    assert ZH["data_title"] in _titles(at)


def test_a_shared_link_opens_the_same_view(app_on: Any, demo_db: Path) -> None:
    first = app_on(demo_db)
    region = first.sidebar.multiselect(key="f_region").options[-1]
    query = {"region": [region], "from": "2025-01", "to": "2025-06", "lang": "zh"}
    at = app_on(demo_db, query=query)
    _no_exception(at)
    assert at.sidebar.multiselect(key="f_region").value == [region]
    assert at.sidebar.selectbox(key="f_from").value == "2025-01"
    assert at.sidebar.selectbox(key="f_to").value == "2025-06"
    assert ZH["overview_title"] in _titles(at)
    # a value the data does not know is dropped, never an error
    odd = app_on(demo_db, query={"region": ["Atlantis"], "rep": ["nobody"], "from": "bad"})
    _no_exception(odd)
    assert odd.sidebar.multiselect(key="f_region").value == []


def test_a_range_without_data_says_what_to_change(app_on: Any, demo_db: Path) -> None:
    at = app_on(demo_db, query={"from": "2019-01", "to": "2019-03"})
    _no_exception(at)
    assert not at.error
    assert any(EN["empty_filter_title"] in i.value for i in at.info)
    assert set(_metrics(at).values()) == {EN["unavailable"]}


# -- Data page -------------------------------------------------------------------------------
def _need_loader() -> None:
    """The loader is part of analytics; kept as a named step of the upload tests."""
    import analytics.ingest

    assert hasattr(analytics.ingest, "ingest_file")


def _upload(at: AppTest, table: str, name: str, content: bytes, *, load: bool = True) -> AppTest:
    at.selectbox(key="up_table").set_value(table).run()
    at.file_uploader(key="up_file").set_value((name, content, "text/csv")).run()
    _no_exception(at)
    if load:
        at.button(key="up_load").click().run()
        _no_exception(at)
    return at


LOAD_ID = EN["loads_col_load_id"]


def test_upload_a_good_file_then_unload_it(app_on: Any, demo_copy: Path) -> None:
    _need_loader()
    at = app_on(demo_copy, page="data")
    content = b"rep,name,region\nZ99,Zoe Test,North\n"
    _upload(at, "reps", "new_rep.csv", content, load=False)
    # checked before Load, nothing stored yet
    assert any("all 1 rows would load" in s.value for s in at.success)
    at.button(key="up_load").click().run()
    _no_exception(at)
    assert at.success, [e.value for e in at.error]
    assert at.button(key="up_load").disabled, "the same file cannot be loaded twice by a click"
    loads = _table_with(at, LOAD_ID)
    last_id = int(loads[LOAD_ID].max())
    assert loads.loc[loads[LOAD_ID] == last_id, EN["loads_col_file_name"]].item() == "new_rep.csv"
    # unload asks first, then removes
    at.selectbox(key="ld_pick").set_value(last_id).run()
    at.button(key="ld_unload").click().run()
    assert any(str(last_id) in w.value for w in at.warning)
    at.button(key="ld_confirm").click().run()
    _no_exception(at)
    loads_after = _table_with(at, LOAD_ID)
    assert last_id not in set(loads_after[LOAD_ID].astype(int))


def test_a_load_clears_the_caches_of_the_other_pages(app_on: Any, demo_copy: Path) -> None:
    at = app_on(demo_copy, page="data")
    _upload(at, "reps", "new_rep.csv", b"rep,name,region\nZ99,Zoe Test,North\n")
    at.switch_page("dashboard/pages/overview.py").run()
    rep_labels = at.sidebar.multiselect(key="f_rep").options  # "rep · name"
    assert "Z99 · Zoe Test" in rep_labels, "the caches were cleared after the load"


def test_upload_a_malformed_file_lists_every_problem(app_on: Any, demo_copy: Path) -> None:
    _need_loader()
    at = app_on(demo_copy, page="data")
    before = len(_table_with(at, LOAD_ID)) if _has_table(at, LOAD_ID) else 0
    # rows 2 and 3 (header = row 1): a date that is not a date, an amount that is not a number
    content = b"order_id,rep,booked_date,amount\nX1,N01,not-a-date,100\nX2,N01,2026-01-05,abc\n"
    _upload(at, "bookings", "bad.csv", content, load=False)
    # the problems show on the preview, before Load is pressed, and Load is not offered
    assert at.error, "a file that would be refused must say so before Load"
    errors = _table_with(at, EN["col_message"])
    assert len(errors) >= 2
    assert {2, 3} <= set(pd.to_numeric(errors[EN["col_row"]]).dropna().astype(int))
    assert at.button(key="up_load").disabled
    assert not at.success
    with Store(demo_copy) as store:  # the check wrote nothing
        from analytics.loadlog import list_loads

        assert len(list_loads(store)) == before


def _has_table(at: AppTest, column: str) -> bool:
    return any(column in f.value.columns for f in at.dataframe)


def test_a_stored_snapshot_date_asks_before_replacing(app_on: Any, demo_copy: Path) -> None:
    _need_loader()
    from dashboard.data import table_frame

    with Store(demo_copy) as store:
        snaps = table_frame(store, "snapshots")
    last = snaps["snapshot_date"].max()
    stored = int((snaps["snapshot_date"] == last).sum())
    rows = snaps[snaps["snapshot_date"] == last].drop(columns=["load_id"]).head(20)
    at = app_on(demo_copy, page="data")
    _upload(at, "snapshots", "again.csv", rows.to_csv(index=False).encode(), load=False)
    # said on the preview already, with the number of stored rows a replace drops
    assert any(f"({stored:,} rows)" in i.value for i in at.info), [i.value for i in at.info]
    at.button(key="up_load").click().run()
    assert at.warning, "a stored snapshot date must ask before replacing"
    assert any(f"drops those {stored:,} stored rows" in w.value for w in at.warning)
    at.button(key="up_replace_yes").click().run()
    _no_exception(at)
    assert at.success


def test_a_new_file_clears_the_message_of_the_last_load(app_on: Any, demo_copy: Path) -> None:
    at = app_on(demo_copy, page="data")
    _upload(at, "reps", "first.csv", b"rep,name,region\nZ98,Zed One,North\n")
    done = [s.value for s in at.success if "first.csv" in s.value]
    assert done, [s.value for s in at.success]
    _upload(at, "reps", "second.csv", b"rep,name,region\nZ97,Zed Two,North\n", load=False)
    assert not [s.value for s in at.success if "first.csv" in s.value]


def test_loads_tab_shows_what_a_person_reads(app_on: Any, demo_copy: Path) -> None:
    at = app_on(demo_copy, page="data")
    loads = _table_with(at, LOAD_ID)
    assert list(loads.columns) == [
        EN[f"loads_col_{c}"]
        for c in (
            "load_id",
            "table_name",
            "file_name",
            "rows",
            "loaded_at",
            "snapshot_date",
            "notes",
        )
    ]  # no content hash
    cells = {str(v) for v in loads.to_numpy().ravel()}
    assert not cells & {"None", "nan", "NaT", "<NA>"}
    assert at.selectbox(key="ld_pick").value is None  # nothing picked for removal
    assert at.button(key="ld_unload").disabled


def test_the_data_page_hides_the_filters_and_keeps_them(app_on: Any, demo_db: Path) -> None:
    at = app_on(demo_db, page="overview")
    region = at.sidebar.multiselect(key="f_region")
    picked = region.options[0]
    region.set_value([picked]).run()
    at.switch_page("dashboard/pages/data.py").run()
    _no_exception(at)
    keys = {getattr(w, "key", None) for w in at.sidebar.multiselect}
    assert "f_region" not in keys and "f_rep" not in keys
    assert not [s for s in at.sidebar.selectbox if s.key in ("f_from", "f_to")]
    assert at.sidebar.selectbox(key="f_lang")  # the language stays
    at.switch_page("dashboard/pages/overview.py").run()
    assert at.sidebar.multiselect(key="f_region").value == [picked]


def test_settings_are_saved_and_used(app_on: Any, demo_copy: Path) -> None:
    at = app_on(demo_copy, page="data")
    at.number_input(key="set_th_m9_healthy").set_value(1.75)
    at.text_input(key="set_currency").set_value("$")
    at.button(key="set_save").click().run()
    _no_exception(at)
    saved = load_settings(demo_copy.with_name("forecast.settings.toml"))
    assert saved.thresholds.m9_healthy == 1.75 and saved.currency_label == "$"
    at.switch_page("dashboard/pages/overview.py").run()
    _no_exception(at)
    money = [c.value for c in at.caption if "$" in c.value]
    assert money, "the new currency label is used at once"
