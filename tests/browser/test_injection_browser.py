"""Hostile names in a real browser: no script runs, no dialog opens, the text shows as itself.

A copy of the demo database gets the payload reps and deals of tests/dashboard/test_injection.py (names
like `<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, markdown and spreadsheet
formulas); a dashboard of its own serves it. The Team, Pipeline and Weekly pages open with
such names in the address bar and on the page; `page.on("dialog")` records any alert, and the
page must hold no element made from a name (script, img, javascript: link). Screenshots land in
test-artifacts/screenshots/injection-<page>.png.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.browser.conftest import SCREENSHOTS, serve
from tests.browser.test_pipeline_team import EXCEPTION, wait_app
from tests.dashboard.test_injection import REGIONS, REPS, load_payloads

pytestmark = pytest.mark.browser

# Elements a name would have become if it were rendered as HTML or markdown.
COUNT_INJECTED = """() => {
  const root = document.querySelector('[data-testid="stAppViewContainer"]');
  return {
    script: [...root.querySelectorAll('script')].filter(s => s.textContent.includes('alert')).length,
    img: root.querySelectorAll('img[src="x"]').length,
    javascript_link: root.querySelectorAll('a[href^="javascript"]').length,
    onerror: root.querySelectorAll('[onerror]').length,
  };
}"""


@pytest.fixture(scope="module")
def payload_url(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A dashboard serving a copy of the demo database with the payload names loaded."""
    folder = tmp_path_factory.mktemp("injection-browser")
    db = folder / "forecast.duckdb"
    shutil.copy(demo_db_file, db)
    load_payloads(db, folder)
    with serve(db) as url:
        yield url


@pytest.fixture
def dialogs(page: Any) -> list[str]:
    """Every alert, confirm or prompt the page opens (dismissed at once)."""
    seen: list[str] = []

    def record(dialog: Any) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return seen


def open_page(page: Any, url: str, path: str, query: dict[str, str]) -> None:
    page.goto(f"{url}/{path}?{urlencode(query)}")
    wait_app(page)
    page.wait_for_timeout(1500)  # charts and late deltas: anything injected would run by now


def assert_nothing_injected(page: Any, dialogs: list[str]) -> None:
    assert dialogs == [], f"a dialog opened: {dialogs}"
    assert page.locator(EXCEPTION).count() == 0
    counts = page.evaluate(COUNT_INJECTED)
    assert counts == {"script": 0, "img": 0, "javascript_link": 0, "onerror": 0}, counts


def visible(page: Any, text: str) -> bool:
    return bool(page.get_by_text(text, exact=False).first.is_visible())


def shoot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"injection-{name}.png"), full_page=True)


@pytest.mark.parametrize("rep", ["X04", "X05", "X07"])
def test_team_page_shows_hostile_names_as_text(
    page: Any, payload_url: str, dialogs: list[str], rep: str
) -> None:
    name = dict(REPS)[rep]
    open_page(page, payload_url, "team", {"rep": rep})
    assert_nothing_injected(page, dialogs)
    # the rep picker and the sidebar chip show the name as it was loaded
    assert visible(page, f"{name} ({rep})")
    assert visible(page, f"{rep} · {name}")
    if rep == "X07":
        # its region is markdown: the tile caption (escaped by the KPI component) shows it as is
        assert visible(page, f"Region {REGIONS[2]}")
    shoot(page, f"team-{rep}")


def test_pipeline_page_with_a_hostile_region(
    page: Any, payload_url: str, dialogs: list[str]
) -> None:
    open_page(page, payload_url, "pipeline", {"region": REGIONS[0]})
    assert_nothing_injected(page, dialogs)
    assert visible(page, REGIONS[0])  # the region chip in the sidebar
    assert page.locator('[data-testid="stDataFrame"]').count() > 0
    shoot(page, "pipeline")


def test_pipeline_and_weekly_pages_with_every_name(
    page: Any, payload_url: str, dialogs: list[str]
) -> None:
    """All payload deals in the tables (Pipeline) and all payload reps in the list of missing
    calls (Weekly, shown through markdown: their HTML must stay text)."""
    open_page(page, payload_url, "pipeline", {})
    assert_nothing_injected(page, dialogs)
    open_page(page, payload_url, "weekly", {})
    assert_nothing_injected(page, dialogs)
    assert visible(page, "<script>alert(1)</script>")
    assert visible(page, "<img src=x onerror=alert(1)>")
    shoot(page, "weekly")
