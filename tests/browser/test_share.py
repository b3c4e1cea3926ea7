"""Sharing a page in a real browser: the Excel call pack's download and the print layout.

One page (Weekly) on the demo: the button gives an .xlsx whose cover sheet names the page and
its region filter and whose first table sheet holds numbers; in print media the sidebar, header
and canvas tables are hidden and the print copy of the tables is shown. Screenshots (screen and
print) land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from dashboard.i18n import TEXTS
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser
EN = TEXTS["en"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def test_excel_download_and_print_layout_of_the_weekly_page(app_url: str, page: Any) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{app_url}/weekly?region=North")
    page.wait_for_selector(".st-key-share_xlsx_weekly button", timeout=120_000)
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=60_000)
    page.wait_for_selector(IDLE, timeout=120_000)
    page.wait_for_timeout(500)
    page.wait_for_selector(IDLE, timeout=120_000)
    button = page.locator(".st-key-share_xlsx_weekly button").first
    page.screenshot(path=str(SCREENSHOTS / "share_weekly_screen.png"))
    with page.expect_download(timeout=60_000) as download:
        button.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    cover = wb[EN["share_cover_sheet"]]
    rows = {cover.cell(r, 1).value: cover.cell(r, 2).value for r in range(3, cover.max_row + 1)}
    assert rows[EN["share_cover_page"]] == EN["page_weekly"]
    assert rows[EN["share_cover_regions"]] == "North"
    assert EN["wk_table_title"] in wb.sheetnames
    sheet = wb[EN["wk_table_title"]]
    header = [c.value for c in sheet[1]]
    commits = [sheet.cell(r, header.index("commit") + 1) for r in range(2, sheet.max_row + 1)]
    assert any(isinstance(c.value, int | float) and c.value > 0 for c in commits)
    assert {
        sheet.cell(r, header.index("region") + 1).value for r in range(2, sheet.max_row + 1)
    } <= {
        "North",
        None,
    }
    # on screen the print copy is hidden; in print the sidebar and the canvas tables are
    page_copy = page.locator(".fd-print-only").first
    assert not page_copy.is_visible()
    page.emulate_media(media="print")
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('[data-testid="stHeader"]').is_visible()
    assert not page.locator('[data-testid="stDataFrame"]').first.is_visible()
    assert page_copy.is_visible()
    assert not button.is_visible()
    # the printed rep table is no wider than an A4 landscape page (277 mm ≈ 1047 CSS px)
    page.set_viewport_size({"width": 1047, "height": 1000})
    width = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.fd-print-only table')]"
        ".map(t => t.getBoundingClientRect().width))"
    )
    assert width <= 1047
    page.screenshot(path=str(SCREENSHOTS / "share_weekly_print.png"), full_page=True)
