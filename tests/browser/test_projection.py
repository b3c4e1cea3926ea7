"""M19 on the pages in a real browser: the Overview's projection fan and the Weekly page's P50.

Opened on the demo database in English and Chinese: no exception box, the fan's band and P50
line drawn, the record sentence shown. Screenshots of the chart and of the Weekly tiles land in
test-artifacts/screenshots/ (projection-*.png) for a person to look at.
"""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.i18n import TEXTS
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_weekly_monthly import EXCEPTION, wait_idle

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_overview_draws_the_projection_fan(page: Any, app_url: str, lang: str) -> None:
    texts = TEXTS[lang]
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{app_url}/" + ("?lang=zh" if lang == "zh" else ""))
    wait_idle(page)
    heading = page.get_by_text(texts["proj_title"], exact=True)
    heading.wait_for(timeout=120_000)
    chart = page.locator(".js-plotly-plot").filter(has_text=texts["proj_chart_title"])
    chart.wait_for(timeout=60_000)
    chart.scroll_into_view_if_needed()
    # the band (a filled area) and the P50 line with its markers
    chart.locator("g.trace.scatter path.js-fill").first.wait_for(state="attached", timeout=30_000)
    assert chart.locator("g.trace.scatter path.js-line").count() >= 3
    assert page.locator(EXCEPTION).count() == 0
    record = texts["proj_record"].split("{")[0].strip()
    assert page.get_by_text(record, exact=False).count() >= 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    heading.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    box = heading.bounding_box()
    chart_box = chart.bounding_box()
    assert box and chart_box
    page.screenshot(
        path=str(SCREENSHOTS / f"projection-overview-{lang}.png"),
        clip={"x": 0, "y": max(box["y"] - 20, 0), "width": 1440,
              "height": chart_box["y"] + chart_box["height"] - box["y"] + 90},
    )  # fmt: skip


def test_weekly_shows_p50_beside_the_commit(page: Any, app_url: str) -> None:
    texts = TEXTS["en"]
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{app_url}/weekly")
    wait_idle(page)
    tile = page.get_by_text(texts["proj_kpi_p50"], exact=True).first
    tile.wait_for(timeout=120_000)
    assert page.get_by_text(texts["proj_kpi_commit"], exact=True).count() >= 1
    assert page.locator(EXCEPTION).count() == 0
    page.wait_for_timeout(800)
    page.screenshot(path=str(SCREENSHOTS / "projection-weekly-en.png"), full_page=False)
