"""A first visit per page, in headless Chromium: cold, and after the warm-up of dashboard/warm.py.

- cold: for each page a new server (`streamlit run`, nothing imported, no cache), then one
  browser visit straight to that page;
- warm: one new server, `dashboard.warm.warm(url)` (what `make run` starts beside the server),
  then each page in a new browser context (a new session, as a new visitor).

A render is complete when the page's Excel button is drawn (the page script got past its title),
the app reports `data-test-script-state="notRunning"` and the page's charts have drawn; it is
timed from `page.goto`. `python -m bench.first_visit DB` prints JSON; the load average of the
machine before and after is part of it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.browser import IDLE
from bench.server import CHROMIUM, CHROMIUM_ARGS, serve
from dashboard.warm import PAGES, warm


def render_time(browser: Any, url: str, page_name: str) -> float:
    """Seconds from opening `page_name` in a new context until its first run is drawn."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(300_000)
    try:
        started = time.perf_counter()
        page.goto(f"{url}/{'' if page_name == PAGES[0] else page_name}")  # the default page: /
        page.wait_for_selector(f'[class*="st-key-share_xlsx_{page_name}"]')
        page.wait_for_selector(IDLE)
        if page.locator(".js-plotly-plot").count():
            page.wait_for_selector(".js-plotly-plot .main-svg")
        return time.perf_counter() - started
    finally:
        context.close()


def measure(db: Path, pages: tuple[str, ...] = PAGES) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {"load_before": os.getloadavg()[0], "cold": {}, "warm": {}}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for name in pages:
                started = time.perf_counter()
                with serve(db) as url:
                    healthy = time.perf_counter() - started
                    out["cold"][name] = {
                        "server_start": healthy,
                        "render": render_time(browser, url, name),
                    }
                print(f"first visit cold {name}: {out['cold'][name]['render']:.2f} s", flush=True)
            with serve(db) as url:
                started = time.perf_counter()
                steps = warm(url, pages, log=False)
                out["warm_up"] = {"total": time.perf_counter() - started, "pages": steps}
                for name in pages:
                    out["warm"][name] = render_time(browser, url, name)
                    print(f"first visit warm {name}: {out['warm'][name]:.2f} s", flush=True)
        finally:
            browser.close()
    out["load_after"] = os.getloadavg()[0]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.first_visit")
    parser.add_argument("db", type=Path)
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args(argv)
    pages = tuple(p for p in args.pages.split(",") if p)
    print(json.dumps(measure(args.db, pages)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
