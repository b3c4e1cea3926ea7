"""Browser timings on the demo database, in headless Chromium: the cold first render of the
Overview, and a warm filter change (one region picked in the sidebar) on every page.

A render is over when the app reports `data-test-script-state="notRunning"` and the page's
charts have drawn. `python -m bench.browser DB` prints JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.server import CHROMIUM, CHROMIUM_ARGS, serve

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
BUSY = '[data-testid="stApp"]:not([data-test-script-state="notRunning"])'
PAGES = ("overview", "weekly", "monthly", "pipeline", "team")


def _wait_render(page: Any, started: float, charts: bool) -> float:
    """Seconds from `started` until the run is over (and charts drew, where the page has some)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_selector(BUSY, timeout=2_000)
    except PlaywrightTimeout:
        pass  # the run may have ended before we looked
    page.wait_for_selector(IDLE, timeout=120_000)
    if charts and page.locator(".js-plotly-plot").count():
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    return time.perf_counter() - started


def measure(db: Path, repeat: int = 3) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {"warm_filter_change": {}}
    server_started = time.perf_counter()
    with serve(db) as url:
        out["server_start"] = time.perf_counter() - server_started
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            started = time.perf_counter()
            page.goto(url)  # the Overview is the default page
            out["cold_overview"] = _wait_render(page, started, charts=True)
            for name in PAGES:
                page.goto(url if name == "overview" else f"{url}/{name}")
                _wait_render(page, time.perf_counter(), charts=True)
                runs = []
                for i in range(repeat * 2):  # pick a region, then clear it: both are changes
                    box = page.locator(
                        '[data-testid="stSidebar"] [data-testid="stMultiSelect"]'
                    ).first
                    if i % 2 == 0:
                        box.click()
                        option = page.locator('[role="option"]').filter(has_not_text="Select all")
                        started = time.perf_counter()
                        option.nth(i // 2 % 4).click()
                        page.keyboard.press("Escape")
                    else:
                        box.locator("input").first.click()
                        started = time.perf_counter()
                        page.keyboard.press("Backspace")
                        page.keyboard.press("Escape")
                    runs.append(_wait_render(page, started, charts=True))
                out["warm_filter_change"][name] = {
                    "median": statistics.median(runs),
                    "max": max(runs),
                    "runs": runs,
                }
            browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.browser")
    parser.add_argument("db", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.db, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
