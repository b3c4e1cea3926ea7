"""The Target plan page in a real browser (headless Chromium), in English and Chinese: no
exception box, the totals, the heat table and the season chart drawn; screenshots land in
test-artifacts/screenshots/. Nothing is saved (the shared demo store stays as it is)."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.i18n import TEXTS
from tests.browser.test_weekly_monthly import EXCEPTION, shoot, wait_idle

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plan_page_draws(page: Any, app_url: str, lang: str) -> None:
    query = "?fy=FY2027&total=120000000&stretch=0.12" + ("&lang=zh" if lang == "zh" else "")
    page.goto(f"{app_url}/plan{query}")
    wait_idle(page)
    texts = TEXTS[lang]
    page.wait_for_function(
        "title => document.querySelector('h1')?.innerText.trim() === title",
        arg=texts["tp_title"],
        timeout=30_000,
    )
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2", timeout=60_000
    )
    # the totals of the plan asked for in the URL (waited for: a rerun may still be painting)
    page.wait_for_function(
        "want => want.every(w => Array.from(document.querySelectorAll("
        "'[data-testid=\"stMetricValue\"]')).some(e => e.innerText.trim() === w))",
        arg=["¥120,000,000", "¥134,400,000"],
        timeout=30_000,
    )
    assert page.locator(".js-plotly-plot .heatmaplayer").count() >= 1
    assert page.locator(EXCEPTION).count() == 0
    shoot(page, f"plan-{lang}")
