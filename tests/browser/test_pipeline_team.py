"""The Pipeline and Team pages in headless Chromium on the demo database, in English and Chinese.

Each page must draw its Plotly charts without an exception box; a pick changes the address bar
(`s0=` on Pipeline, `focus=` on Team). Screenshots at 1440×1000 and 1280×800 land in
test-artifacts/screenshots/ as pipeline-<lang>-<size>.png and team-<lang>-<size>.png.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from dashboard.i18n import TEXTS
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

SIZES = ((1440, 1000), (1280, 800))
EXCEPTION = '[data-testid="stException"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
BUSY = '[data-testid="stApp"]:not([data-test-script-state="notRunning"])'
PLOT = ".js-plotly-plot .main-svg"


def wait_app(page: Any, timeout: float = 90_000) -> None:
    """Until the script run is over and the title is there (twice: late deltas may follow)."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_selector("h1", timeout=timeout)
    page.wait_for_timeout(400)
    page.wait_for_selector(IDLE, timeout=timeout)


def wait_rerun(page: Any) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_selector(BUSY, timeout=5_000)
    except PlaywrightTimeout:  # the rerun may be over already
        pass
    wait_app(page)


def wait_charts(page: Any, at_least: int) -> None:
    page.wait_for_selector(PLOT, timeout=60_000)
    page.wait_for_function(
        f"document.querySelectorAll('{PLOT}').length >= {at_least}", timeout=60_000
    )
    page.wait_for_timeout(800)  # let Plotly finish its layout


# Streamlit scrolls inside its main container, not the document: scroll that one.
SCROLL_JS = """(step) => {
  const all = [document.querySelector('[data-testid="stMain"]'),
               document.querySelector('[data-testid="stAppViewContainer"]'),
               document.scrollingElement];
  const box = all.find(el => el && el.scrollHeight > el.clientHeight + 2);
  if (!box) { return false; }
  const before = box.scrollTop;
  box.scrollTop = step === 0 ? 0 : before + box.clientHeight - 80;
  return box.scrollTop !== before || step === 0;
}"""
MAX_PARTS = 5


def open_selectbox(page: Any, label: str) -> None:
    """Open the main-area selectbox labelled `label` (scrolled into view first: the charts
    above it may still move the layout when the click would land)."""
    box = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').filter(has_text=label)
    combo = box.first.get_by_role("combobox")
    combo.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    combo.click()
    page.wait_for_selector('[role="option"]', timeout=30_000)


def shoot(page: Any, name: str) -> None:
    """The top of the page at each size (<name>-<w>x<h>.png), then the rest screen by screen
    (<name>-<w>x<h>-2.png …) so that a person can read every section."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(700)
        page.evaluate(SCROLL_JS, 0)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}x{height}.png"))
        for part in range(2, MAX_PARTS + 1):
            if not page.evaluate(SCROLL_JS, part):
                break
            page.wait_for_timeout(400)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}x{height}-{part}.png"))
        page.evaluate(SCROLL_JS, 0)
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pipeline_page(page: Any, app_url: str, lang: str) -> None:
    texts = TEXTS[lang]
    page.goto(f"{app_url}/pipeline?lang={lang}")
    wait_app(page)
    assert page.locator("h1").first.inner_text().strip() == texts["page_pipeline"]
    # stage distribution, waterfall and calibration
    wait_charts(page, 3)
    assert page.locator(".js-plotly-plot .waterfalllayer .point").count() >= 1, "no waterfall bars"
    assert page.locator(EXCEPTION).count() == 0
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert texts["pl_waterfall_title"] in body and texts["pl_calibration_title"] in body
    shoot(page, f"pipeline-{lang}")


def test_pipeline_pick_goes_to_the_url(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/pipeline")
    wait_app(page)
    wait_charts(page, 3)
    before = page.locator('[data-testid="stCaptionContainer"]', has_text="Reconciles").inner_text()
    open_selectbox(page, TEXTS["en"]["pl_pick_s0"])
    options = page.locator('[role="option"]')
    chosen = options.nth(options.count() - 1).inner_text().strip()  # the oldest snapshot
    options.nth(options.count() - 1).click()
    wait_rerun(page)
    page.wait_for_url(re.compile(rf"s0={chosen}"), timeout=30_000)
    wait_charts(page, 3)
    assert page.locator(EXCEPTION).count() == 0
    after = page.locator('[data-testid="stCaptionContainer"]', has_text="Reconciles").inner_text()
    assert after != before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_team_page(page: Any, app_url: str, lang: str) -> None:
    texts = TEXTS[lang]
    page.goto(f"{app_url}/team?lang={lang}")
    wait_app(page)
    assert page.locator("h1").first.inner_text().strip() == texts["page_team"]
    # the matrix and the rep's trends (accuracy, attainment, pipeline, velocity; discipline is a
    # sentence instead of a chart when every month has the same value)
    wait_charts(page, 4)
    assert page.locator(EXCEPTION).count() == 0
    assert page.locator(".js-plotly-plot .scatterlayer .point").count() >= 4
    assert "focus=" in page.url
    shoot(page, f"team-{lang}")


def test_team_focus_goes_to_the_url(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/team")
    wait_app(page)
    wait_charts(page, 4)
    first = re.search(r"focus=([^&]+)", page.url)
    assert first
    open_selectbox(page, TEXTS["en"]["tm_focus"])
    page.locator('[role="option"]').nth(1).click()
    wait_rerun(page)
    page.wait_for_url(lambda url: f"focus={first.group(1)}" not in url, timeout=30_000)
    wait_charts(page, 4)
    assert page.locator(EXCEPTION).count() == 0
