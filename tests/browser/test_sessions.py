"""Eight browser sessions at once on the running app: every one renders its page, no exception."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_browser import EXCEPTION, wait_app

SESSIONS = 8
PATHS = ("/", "/weekly", "/monthly", "/pipeline", "/team", "/data", "/?region=North", "/?lang=zh")


@pytest.mark.browser
def test_eight_sessions_at_once(browser: Any, app_url: str) -> None:
    contexts = [
        browser.new_context(viewport={"width": 1280, "height": 800}) for _ in range(SESSIONS)
    ]
    try:
        pages = [c.new_page() for c in contexts]
        for page in pages:
            page.set_default_timeout(120_000)
        # start every navigation before waiting for any, so that the eight runs overlap
        for page, path in zip(pages, PATHS, strict=True):
            page.goto(app_url + path, wait_until="commit")
        for page, path in zip(pages, PATHS, strict=True):
            wait_app(page, timeout=180_000)
            assert page.locator(EXCEPTION).count() == 0, path
            assert page.locator("h1").count() >= 1, path
        # and a second round of reruns at the same time: every session changes its language
        for page, path in zip(pages, PATHS, strict=True):
            sep = "&" if "?" in path else "?"
            page.goto(app_url + path + sep + "lang=en", wait_until="commit")
        for page, path in zip(pages, PATHS, strict=True):
            wait_app(page, timeout=180_000)
            assert page.locator(EXCEPTION).count() == 0, path
    finally:
        for context in contexts:
            context.close()
