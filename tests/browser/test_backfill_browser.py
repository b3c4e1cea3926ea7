"""History on day one in a real browser (headless Chromium).

The Data page's "Build history" tab builds a Salesforce Opportunity export and its
OpportunityHistory (data/samples/backfill) into a store holding only the reps: preview, progress,
the new load. Then a store backfilled from the Maven-shaped sample without history: the Pipeline
and Monthly pages draw it, and the Pipeline page says what such history cannot show.
Screenshots land in test-artifacts/screenshots/backfill-*.png.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dashboard.i18n import TEXTS
from tests.browser.conftest import SCREENSHOTS, serve
from tests.browser.test_browser import wait_app, wait_rerun
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

EN = TEXTS["en"]
SAMPLES = ROOT / "data" / "samples" / "backfill"
EXCEPTION = '[data-testid="stException"]'


def _cli(db: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "analytics", "--db", str(db), *args],
        cwd=ROOT, check=True, capture_output=True, timeout=300,
    )  # fmt: skip


def _shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"backfill-{name}.png"), full_page=True)


def test_build_history_on_the_data_page(page: Any, tmp_path: Path) -> None:
    db = tmp_path / "forecast.duckdb"
    _cli(db, "ingest", "reps", str(SAMPLES / "salesforce_reps.csv"))
    with serve(db, FORECAST_DESK_NOW="2026-11-29T18:00") as url:
        page.set_viewport_size({"width": 1440, "height": 1000})
        page.goto(f"{url}/data")
        wait_app(page)
        page.get_by_role("tab", name=EN["tab_backfill"]).click()
        wait_rerun(page)
        inputs = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
        # the tab's two uploaders come after the upload tab's one
        inputs.nth(1).set_input_files(str(SAMPLES / "salesforce_Opportunity.csv"))
        wait_rerun(page)
        inputs.nth(2).set_input_files(str(SAMPLES / "salesforce_OpportunityHistory.csv"))
        wait_rerun(page)
        preview = page.get_by_text(EN["bf_preview"]).first
        preview.wait_for(timeout=60_000)
        assert page.locator(EXCEPTION).count() == 0
        _shot(page, "data-top")
        preview.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        _shot(page, "data-preview")
        page.get_by_role("button", name=EN["bf_build"]).click()
        wait_rerun(page)
        built = page.get_by_text("History built").first
        built.wait_for(timeout=120_000)
        assert page.locator(EXCEPTION).count() == 0
        built.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        _shot(page, "data-built")


def test_pages_on_history_rebuilt_from_one_extract(page: Any, tmp_path: Path) -> None:
    db = tmp_path / "forecast.duckdb"
    _cli(
        db,
        "ingest",
        "reps",
        str(SAMPLES / "maven_sales_teams.csv"),
        "--map",
        "sales_agent=rep",
        "--map",
        "regional_office=region",
    )
    _cli(
        db, "backfill", str(SAMPLES / "maven_sales_pipeline.csv"), "--to", "2017-12-31",
        "--map", "sales_agent=rep", "--map", "close_value=amount",
        "--map", "engage_date=created_date", "--stage", "Engaging=40",
    )  # fmt: skip
    with serve(db, FORECAST_DESK_NOW="2017-12-31T18:00") as url:
        page.set_viewport_size({"width": 1440, "height": 1000})
        for name in ("pipeline", "monthly"):
            page.goto(f"{url}/{name}")
            wait_app(page)
            page.wait_for_timeout(1500)
            assert page.locator(EXCEPTION).count() == 0, name
            _shot(page, name)
            note = page.get_by_text("rebuilt from one extract").first
            note.wait_for(timeout=30_000)  # both pages say what such history cannot show
            note.scroll_into_view_if_needed()
            page.wait_for_timeout(800)
            _shot(page, f"{name}-note")
