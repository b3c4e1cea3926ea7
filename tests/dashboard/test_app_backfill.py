"""The Data page's "Build history" tab (AppTest): the preview of the weeks and deals, the mapping,
the build and the new load; then the Pipeline page says what rebuilt history cannot show.

The extract is the hand-checked Maven-shaped one of tests/analytics/test_backfill.py.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.ingest import ingest_file
from analytics.store import Store
from dashboard.i18n import TEXTS
from dashboard.uploads import upload_root
from tests.analytics.test_backfill import PIPELINE, TEAMS

pytest_plugins = ("tests.app.fixtures",)
EN = TEXTS["en"]
MAVEN_MAP = {"sales_agent": "rep", "close_value": "amount", "engage_date": "created_date"}


@pytest.fixture
def teams_db(tmp_path: Path) -> Path:
    """A store holding only the sales teams of the extract (its reps and regions)."""
    db = tmp_path / "forecast.duckdb"
    (tmp_path / "teams.csv").write_text(TEAMS, encoding="utf-8")
    with Store(db) as store:
        ingest_file(
            store,
            "reps",
            tmp_path / "teams.csv",
            column_map={"sales_agent": "rep", "regional_office": "region"},
        )
    return db


def _frame_with(at: AppTest, column: str) -> pd.DataFrame:
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a '{column}' column")


def test_build_history_from_one_extract(
    app_on: Any, teams_db: Path, clock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))  # this test's uploads only
    (tmp_path / "temp").mkdir()
    clock("2017-02-26T18:00")  # today is the last Sunday of the extract's history
    at = app_on(teams_db, page="data")
    at.session_state["_up_map_deals"] = MAVEN_MAP  # what the mapping editor remembers
    at.file_uploader(key="bf_file").set_value(
        ("sales_pipeline.csv", PIPELINE.encode(), "text/csv")
    ).run()
    at.text_area(key="bf_stages").set_value("Engaging=40").run()
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    # 8 Sundays 2017-01-08 … 02-26, 8 deals, 50 rows, 3 bookings (worked out in test_backfill.py)
    assert metrics[EN["bf_weeks"]] == "8" and metrics[EN["bf_deals"]] == "8"
    assert metrics[EN["bf_rows"]] == "50" and metrics[EN["bf_bookings"]] == "3"
    weekly = _frame_with(at, "open_deals")
    assert list(weekly["open_deals"]) == [4, 5, 5, 4, 5, 4, 3, 3]
    at.button(key="bf_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(EN["bf_done"].split(":")[0] in s.value for s in at.success), [
        e.value for e in at.error
    ]
    assert "bf_build" not in [b.key for b in at.button], "one click builds the history once"
    load = _frame_with(at, "table_name")
    assert list(load["table_name"]) == ["backfill"] and list(load["rows"]) == [53]
    # the extract's temporary copy lives for one run only: nothing is left in the upload folder
    assert not upload_root().exists() or list(upload_root().rglob("*")) == []
    at.switch_page("dashboard/pages/pipeline.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("rebuilt from one extract" in i.value for i in at.info)


def test_a_refused_extract_shows_every_problem(app_on: Any, teams_db: Path, clock: Any) -> None:
    clock("2017-02-26T18:00")
    at = app_on(teams_db, page="data")
    at.session_state["_up_map_deals"] = MAVEN_MAP
    bad = PIPELINE.replace(
        "D2,Darcel Schlecht,GTXPro,Isdom,Won,2017-01-03,2017-02-10,4514",
        "D2,Darcel Schlecht,GTXPro,Isdom,Won,2017-01-03,2017-02-10,",
    )
    at.file_uploader(key="bf_file").set_value(("bad.csv", bad.encode(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("bad.csv" in e.value for e in at.error)
    problems = _frame_with(at, EN["col_message"])
    messages = " ".join(problems[EN["col_message"]].astype(str))
    assert "won deal" in messages  # D2 won without its amount
    assert "--stage 'Engaging=" in messages  # no stage names given here
    assert "bf_build" not in [b.key for b in at.button]
