"""The Weekly commit call and Monthly forecast review pages in a real browser (headless Chromium).

Each page is opened on the demo database in English and in Chinese: no exception box, the tiles
show numbers, the Plotly charts have drawn their bars and threshold lines. Screenshots at
1440×1000 and 1280×800 land in test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from dashboard.i18n import TEXTS
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

EN, ZH = TEXTS["en"], TEXTS["zh"]
SIZES = ((1440, 1000), (1280, 800))
EXCEPTION = '[data-testid="stException"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# page url path, title key, charts expected
PAGES = (("weekly", "wk_title", 3), ("monthly", "mo_title", 5))


def wait_idle(page: Any, timeout: float = 90_000) -> None:
    """Wait until the script run is over, the title is there and the last deltas painted."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_selector("h1", timeout=timeout)
    page.wait_for_timeout(500)
    page.wait_for_selector(IDLE, timeout=timeout)


def _to_top(page: Any) -> None:
    page.evaluate(
        "() => { window.scrollTo(0, 0);"
        " document.querySelectorAll('[data-testid=\"stMain\"], section.main')"
        ".forEach(e => e.scrollTo(0, 0)); }"
    )


def _page_height(page: Any) -> int:
    return int(
        page.evaluate(
            "() => Math.max(document.body.scrollHeight, ...Array.from("
            'document.querySelectorAll(\'[data-testid="stMain"], [data-testid="stMainBlockContainer"]\'),'
            " e => e.scrollHeight))"
        )
    )


def shoot(page: Any, name: str) -> None:
    """The first screen at each size, and the whole page at each width (`-full`)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(700)
        _to_top(page)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}x{height}.png"))
        full = max(height, _page_height(page) + 80)
        page.set_viewport_size({"width": width, "height": full})
        page.wait_for_timeout(900)
        _to_top(page)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}-full.png"))
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})


def charts_drawn(page: Any, expected: int) -> None:
    """Every chart has its SVG, bars and at least one threshold line or band."""
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
        arg=expected,
        timeout=60_000,
    )
    plots = page.locator(".js-plotly-plot")
    for index in range(plots.count()):
        plot = plots.nth(index)
        plot.scroll_into_view_if_needed()
        # Plotly draws asynchronously: wait for the bars and the guides, then count them.
        plot.locator("g.trace.bars path").first.wait_for(state="attached", timeout=30_000)
        plot.locator(".shapelayer path").first.wait_for(state="attached", timeout=30_000)
        assert plot.locator("g.trace.bars path").count() >= 1, f"chart {index} has no bars"


@pytest.mark.parametrize(("path", "title_key", "n_charts"), PAGES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_draws_without_exception(
    page: Any, app_url: str, path: str, title_key: str, n_charts: int, lang: str
) -> None:
    page.goto(f"{app_url}/{path}" + ("?lang=zh" if lang == "zh" else ""))
    wait_idle(page)
    texts = TEXTS[lang]
    page.wait_for_function(
        "title => document.querySelector('h1')?.innerText.trim() === title",
        arg=texts[title_key],
        timeout=30_000,
    )
    assert page.locator(EXCEPTION).count() == 0
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stMetricValue\"]').length >= 6",
        timeout=30_000,
    )
    values = [v.strip() for v in page.locator('[data-testid="stMetricValue"]').all_inner_texts()]
    assert all(values[:3]), values
    charts_drawn(page, n_charts)
    picked = "week=" if path == "weekly" else "month="
    page.wait_for_url(re.compile(picked), timeout=30_000)
    assert page.locator(EXCEPTION).count() == 0
    shoot(page, f"{path}-{lang}")


# The two days of the time-boundaries rule: Thursday 3 December 2026, before the first Monday of
# December (last week's call due, December's review not), and Monday 7 December after 09:00.
DAYS = (
    ("2026-12-03T10:00", "2026-11-30", "2026-11"),
    ("2026-12-07T09:30", "2026-12-07", "2026-12"),
)


@pytest.mark.parametrize(("moment", "week", "month"), DAYS)
def test_pages_on_the_days_around_a_first_monday(
    page: Any, tmp_path: Any, moment: str, week: str, month: str
) -> None:
    import os
    import subprocess
    import sys

    from tests.browser.conftest import serve
    from tests.conftest import ROOT

    db = tmp_path / "forecast.duckdb"
    env = dict(os.environ, FORECAST_DESK_NOW=moment)
    subprocess.run(
        [sys.executable, "-m", "analytics", "--db", str(db), "demo", "--seed", "7"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    with serve(db, FORECAST_DESK_NOW=moment) as url:
        for path, picked in (("weekly", f"week={week}"), ("monthly", f"month={month}")):
            page.goto(f"{url}/{path}")
            wait_idle(page)
            page.wait_for_url(re.compile(picked), timeout=30_000)
            page.wait_for_function(
                "() => document.querySelectorAll('[data-testid=\"stMetricValue\"]').length >= 6",
                timeout=30_000,
            )
            assert page.locator(EXCEPTION).count() == 0
            body = page.locator('[data-testid="stMain"]').inner_text()
            assert EN["band_poor"] not in body.split(), path
            shoot(page, f"{path}-{moment[:10]}")
