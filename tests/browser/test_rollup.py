"""A manager's call on the Weekly page in a real browser: enter, adjust, see the history, be
refused after the lock (and keep a flagged late correction); a region's head enters the region's
call; the roll-up table and the Overview's value-added panel drawn. Screenshots in test-artifacts/screenshots/rollup-*.png.

The database is the small organisation of tests/dashboard/test_app_rollup.py; the clock is the
pinned Friday 2026-11-27 12:00 (the week of 11-23 locked, 11-30 open).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from dashboard.i18n import TEXTS
from tests.browser.conftest import SCREENSHOTS, serve
from tests.browser.test_browser import wait_app, wait_rerun
from tests.conftest import PINNED_NOW
from tests.dashboard.test_app_rollup import build

pytestmark = pytest.mark.browser
EN = TEXTS["en"]
EXCEPTION = '[data-testid="stException"]'


def _shot(page: Any, name: str, anchor: Any | None = None) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if anchor is not None:  # the anchor at the top of the screen
        anchor.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(700)
    page.screenshot(path=str(SCREENSHOTS / f"rollup-{name}.png"))


def _choose(page: Any, label: str, option: str) -> None:
    """Pick `option` in the selectbox `label` (opening it again if the first click was lost)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.get_by_label(label, exact=True)
    box.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    for _ in range(3):
        box.click()
        try:
            page.get_by_role("option", name=option).click(timeout=10_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    wait_rerun(page)


def _submit(page: Any, reason: str) -> None:
    page.get_by_label(EN["ru_reason"], exact=True).fill(reason)
    page.get_by_role("button", name=EN["ru_submit"]).click()
    wait_rerun(page)


def test_enter_adjust_history_and_lock(page: Any, tmp_path: Path) -> None:
    db = build(tmp_path / "forecast.duckdb")
    # the answers are worked out for the pinned moment, whatever FORECAST_DESK_TEST_NOW says
    with serve(db, FORECAST_DESK_NOW=PINNED_NOW) as url:
        page.goto(f"{url}/weekly?week=2026-11-23")
        wait_app(page)
        assert page.locator(EXCEPTION).count() == 0
        page.get_by_text(EN["ru_title"]).scroll_into_view_if_needed()
        _choose(page, EN["ru_manager_pick"], "Ann")  # the option's label: the manager's name
        form = page.get_by_text(EN["ru_entry_title"].format(manager="Ann"), exact=True)
        form.scroll_into_view_if_needed()
        # Enter: an adjustment of -20 to the sum below (a1's 120) for the open week 11-30.
        page.get_by_text(EN["ru_mode_adjust"]).click()
        page.get_by_label(EN["ru_adjust"], exact=True).fill("-20")
        _submit(page, "a1's second deal waits for budget")
        page.get_by_text("Saved: ").wait_for()
        page.get_by_text(re.compile(r"Your call that counts: \D*100\b")).wait_for()
        # Adjust: an amount of 110, appended; the history keeps both.
        page.get_by_text(EN["ru_mode_amount"], exact=True).click()
        page.get_by_label(EN["ru_amount"], exact=True).fill("110")
        _submit(page, "a1 firmer")
        page.get_by_text(re.compile(r"Your call that counts: \D*110\b")).wait_for()
        history = page.get_by_text(EN["ru_history_title"].format(manager="Ann"))
        _shot(page, "history", history)
        # The locked week 11-23: refused with the deadline, then kept as a late correction.
        _choose(page, EN["ru_entry_week"], "2026-11-23 · locked since 2026-11-23 09:00")
        page.get_by_text(EN["ru_mode_amount"], exact=True).click()
        page.get_by_label(EN["ru_amount"], exact=True).fill("150")
        _submit(page, "a2 booked after all")
        refused = page.get_by_text("were locked at 2026-11-23 09:00")
        refused.wait_for()
        _shot(page, "refused", refused)
        page.get_by_text(EN["ru_late"], exact=True).click()
        _submit(page, "a2 booked after all")
        page.get_by_text("Saved as a late correction").wait_for()
        page.get_by_text(
            re.compile(r"Your call that counts: \D*135\b")
        ).wait_for()  # the on-time call
        assert page.locator(EXCEPTION).count() == 0
        _shot(page, "late", page.get_by_text(EN["ru_history_title"].format(manager="Ann")))
        # A region's head enters North's call for the open week the same way (Ann's 110 above
        # is North's sum below; a haircut of -10 is stored as 100).
        north = EN["ru_who_region"].format(region="North")
        _choose(page, EN["ru_manager_pick"], north)
        page.get_by_text(EN["ru_entry_title"].format(manager=north), exact=True).wait_for()
        _choose(page, EN["ru_entry_week"], "2026-11-30 · open until 2026-11-30 09:00")
        page.get_by_text(EN["ru_mode_adjust"]).click()
        page.get_by_label(EN["ru_adjust"], exact=True).fill("-10")
        _submit(page, "b1 renewal at risk")
        page.get_by_text(re.compile(r"Your call that counts: \D*100\b")).wait_for()
        assert page.locator(EXCEPTION).count() == 0
        _shot(page, "region", page.get_by_text(EN["ru_history_title"].format(manager=north)))
        page.get_by_text(EN["ru_title"]).scroll_into_view_if_needed()
        _shot(page, "table", page.get_by_text(EN["ru_title"]))
        page.goto(f"{url}/?from=2026-11&to=2026-11")
        wait_app(page)
        panel = page.get_by_text(EN["fva_title"])
        panel.wait_for()
        assert page.locator(EXCEPTION).count() == 0
        _shot(page, "overview", panel)
