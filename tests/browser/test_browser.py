"""The dashboard in a real browser (headless Chromium): pages, charts, filters, links, uploads.

Each page is reached from the sidebar navigation and must show no exception box; the Overview's
Plotly charts must have drawn. Screenshots of every page at 1440×1000 and 1280×800 are written
to test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest

from dashboard.app import PAGES
from dashboard.i18n import TEXTS
from dashboard.uploads import upload_root
from tests.browser.conftest import SCREENSHOTS
from tests.conftest import ROOT

EN, ZH = TEXTS["en"], TEXTS["zh"]

pytestmark = pytest.mark.browser

SIZES = ((1440, 1000), (1280, 800))
EXCEPTION = '[data-testid="stException"]'


def wait_app(page: Any, timeout: float = 90_000) -> None:
    """Wait until the script run is over and the page has its title."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout
    )
    page.wait_for_selector("h1", timeout=timeout)
    page.wait_for_timeout(400)  # let the last deltas paint
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout
    )


def wait_rerun(page: Any) -> None:
    """After an interaction: wait for the rerun it starts to begin (if it was not over already)
    and then to end."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_selector(
            '[data-testid="stApp"]:not([data-test-script-state="notRunning"])', timeout=5_000
        )
    except PlaywrightTimeout:  # the rerun may have finished before we looked
        pass
    wait_app(page)


def first_option(page: Any) -> Any:
    """The first real option of an open multiselect (not its "Select all" entry)."""
    return page.locator('[role="option"]').filter(has_not_text="Select all").first


def outlook_tiles(page: Any) -> int:
    """How many tiles the Overview draws: 10, or 8 in a quarter's first days, when the outlook
    shows the quarter that just ended by its outcome, without the two projection tiles."""
    page.wait_for_selector('[class*="st-key-ov_outlook_chart"] .main-svg', timeout=60_000)
    text = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    ended = any(EN[k].split(" {")[0] in text for k in ("ol_above_target_by", "ol_below_target_by"))
    return 8 if ended else 10


def metric_values(page: Any) -> list[str]:
    return [v.strip() for v in page.locator('[data-testid="stMetricValue"]').all_inner_texts()]


def shoot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(500)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}x{height}.png"), full_page=True)
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})


def test_every_page_from_the_sidebar(page: Any, app_url: str) -> None:
    page.goto(app_url)
    wait_app(page)
    for stem, _url_path, title_key, _icon in PAGES:
        page.locator('[data-testid="stSidebarNav"] a', has_text=EN[title_key]).first.click()
        wait_rerun(page)
        assert page.locator(EXCEPTION).count() == 0, f"exception on {stem}"
        if stem == "overview":
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            assert page.locator(".js-plotly-plot").count() >= 1
            assert len(metric_values(page)) >= outlook_tiles(page)
        shoot(page, stem)


def test_a_filter_change_changes_a_number(page: Any, app_url: str) -> None:
    page.goto(app_url)
    wait_app(page)
    # the tiles are painted one after another: read them once all are there
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=\"stMetricValue\"]').length >= n",
        arg=outlook_tiles(page),
        timeout=60_000,
    )
    before = metric_values(page)
    regions = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    regions.click()
    first_option(page).click()
    page.keyboard.press("Escape")
    wait_rerun(page)
    assert page.locator(EXCEPTION).count() == 0
    assert "region=" in page.url
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=\"stMetricValue\"]').length >= n",
        arg=len(before),
        timeout=60_000,
    )
    after = metric_values(page)
    assert len(after) == len(before) and after != before
    # the filter stays when another page is opened from the sidebar, and in its URL
    page.locator('[data-testid="stSidebarNav"] a', has_text=EN["page_weekly"]).first.click()
    wait_rerun(page)
    page.wait_for_url(re.compile(r"region="), timeout=30_000)
    assert page.locator(EXCEPTION).count() == 0


def test_a_shared_link_with_filters_and_chinese(page: Any, app_url: str) -> None:
    page.goto(app_url)
    wait_app(page)
    region_box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    region_box.click()
    region = first_option(page).inner_text().strip()
    page.keyboard.press("Escape")
    page.goto(f"{app_url}/?region={region}&lang=zh")
    wait_app(page)
    assert page.locator("h1").first.inner_text().strip() == ZH["overview_title"]
    assert page.locator(EXCEPTION).count() == 0
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    # the region by its Chinese name (the demo's reps file gives 华北, 华东, 华南, 西部)
    shown = {"North": "华北", "East": "华东", "South": "华南", "West": "西部"}.get(region, region)
    assert shown in sidebar and ZH["regions"] in sidebar
    assert "lang=zh" in page.url and f"region={region}" in page.url
    shoot(page, "overview-zh")


def _choose_table(page: Any, table: str) -> None:
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first.click()
    page.locator('[role="option"]', has_text=f"({table})").first.click()
    wait_rerun(page)


def _attach(page: Any, path: Path) -> None:
    """Choose a file in the Data page's uploader (the Upload tab's, the first) and wait for its preview."""
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(path))
    page.wait_for_selector('[data-testid="stFileChip"]', timeout=30_000)
    wait_rerun(page)


def _upload(page: Any, path: Path) -> None:
    _attach(page, path)
    page.get_by_role("button", name=EN["upload_load"]).click()
    wait_rerun(page)


def _store_with_reps(tmp_path: Path, reps_csv: str) -> Path:
    """A database of its own holding only the reps of `reps_csv` (loaded by the command line)."""
    import subprocess
    import sys

    db = tmp_path / "forecast.duckdb"
    reps = tmp_path / "reps.csv"
    reps.write_text(reps_csv, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "analytics", "--db", str(db), "ingest", "reps", str(reps)],
        cwd=ROOT, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return db


def _sample(table: str) -> Path | None:
    folder = ROOT / "data" / "samples"
    found = sorted(folder.glob(f"{table}*.csv")) if folder.exists() else []
    return found[0] if found else None


def test_upload_a_malformed_file_then_a_sample(page: Any, app_url: str, tmp_path: Path) -> None:
    page.goto(f"{app_url}/data")
    wait_app(page)
    _choose_table(page, "bookings")
    bad = tmp_path / "bad_bookings.csv"
    bad.write_text(
        "order_id,rep,booked_date,amount\nX1,N01,not-a-date,100\nX2,N01,2026-01-05,abc\n"
    )
    _attach(page, bad)
    assert page.locator(EXCEPTION).count() == 0
    # the loader's checks run on the preview: the problems show before Load, which is not offered
    page.wait_for_selector('[data-testid="stAlertContentError"]', timeout=30_000)
    assert (
        "bad_bookings.csv" in page.locator('[data-testid="stAlertContentError"]').first.inner_text()
    )
    assert page.get_by_role("button", name=EN["upload_load"]).is_disabled()
    assert (
        "would be refused" in page.locator('[data-testid="stAlertContentError"]').first.inner_text()
    )
    shoot(page, "data-refused")
    sample = _sample("reps")
    assert sample is not None, "data/samples/reps.csv is missing"
    page.goto(f"{app_url}/data")
    wait_app(page)
    _choose_table(page, "reps")
    _upload(page, sample)
    assert page.locator(EXCEPTION).count() == 0
    page.wait_for_selector('[data-testid="stAlertContentSuccess"]', timeout=60_000)
    shoot(page, "data-loaded")


def test_upload_preview_shows_the_detected_encoding_and_takes_a_forced_one(
    page: Any, app_url: str, tmp_path: Path
) -> None:
    """A Windows-1252 reps file previews as Jan Müller; ambiguous bytes are refused until an
    encoding is picked. Nothing is loaded (the shared demo store stays as it is)."""
    page.goto(f"{app_url}/data")
    wait_app(page)
    _choose_table(page, "reps")
    german = tmp_path / "vertrieb.csv"
    german.write_bytes(
        "rep,name,region\r\nW1,Jan Müller,Süd\r\nW2,Anna Schröder,Nord\r\n".encode("cp1252")
    )
    _attach(page, german)
    main = page.locator('[data-testid="stMain"]')
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stMain\"]').innerText.includes('Jan Müller')",
        timeout=30_000,
    )
    assert "Read as Windows-1252: Jan Müller" in main.inner_text()
    assert page.locator(EXCEPTION).count() == 0
    shoot(page, "data-encoding-detected")
    ambiguous = tmp_path / "one.csv"
    ambiguous.write_bytes(b"rep,name,region\r\nR1,\xc4\xe3,North\r\n")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
        str(ambiguous)
    )
    wait_rerun(page)
    page.wait_for_selector('[data-testid="stAlertContentError"]', timeout=30_000)
    assert "--encoding" in main.inner_text()
    shoot(page, "data-encoding-refused")
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=EN["upload_encoding_pick"])
    box.click()
    page.locator('[role="option"]', has_text="Windows-1252").first.click()
    wait_rerun(page)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stMain\"]').innerText.includes('Äã')",
        timeout=30_000,
    )
    assert page.locator(EXCEPTION).count() == 0
    shoot(page, "data-encoding-forced")


def test_upload_with_stage_names_and_rejects_on_a_store_of_its_own(
    page: Any, tmp_path: Path
) -> None:
    """A HubSpot-like export with a custom stage and an empty amount: the stage is named in the
    preview's options, the good rows load, and the row left out downloads with its reason."""
    from tests.browser.conftest import serve

    db = _store_with_reps(tmp_path, "rep,name,region\nH1,Ann Lee,North\nH2,Bo Wang,East\n")
    deals = tmp_path / "all-deals.csv"
    deals.write_text(
        "Record ID,Deal Name,Deal Stage,Amount,Close Date,Deal owner,Create Date,As of\n"
        "101,Router,Demo booked,5000,2026-12-31,Ann Lee,2026-10-02,2026-11-23\n"
        "102,Switch,contractsent,,2026-12-15,Bo Wang,2026-10-03,2026-11-23\n"
        "103,Cloud,closedwon,9000,2026-11-09,Ann Lee,2026-09-03,2026-11-23\n",
        encoding="utf-8",
    )
    with serve(db) as url:
        page.goto(f"{url}/data")
        wait_app(page)
        _choose_table(page, "snapshots")
        _attach(page, deals)
        shoot(page, "data-mapping-preview")
        page.get_by_role("textbox", name=EN["upload_stages"]).fill("Demo booked=30")
        page.get_by_role("textbox", name=EN["upload_stages"]).press("Control+Enter")
        wait_rerun(page)
        page.get_by_text(EN["upload_rejects"]).click()
        wait_rerun(page)
        page.get_by_role("button", name=EN["upload_load"]).click()
        wait_rerun(page)
        page.wait_for_selector('[data-testid="stAlertContentSuccess"]', timeout=60_000)
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "loaded 2 rows" in main and "1 row left out" in main
        assert "stage names for this load: Demo booked = 30" in main
        assert page.get_by_role("button", name=re.compile("Download the 1 rows left out")).count()
        assert page.locator(EXCEPTION).count() == 0
        shoot(page, "data-rejects-loaded")
        # the loaded file's temporary copy (and its rejects) is gone from the temp folder
        digest = hashlib.sha256(deals.read_bytes()).hexdigest()[:16]
        assert not (upload_root() / digest).exists()


def test_the_mapping_editor_maps_a_column(page: Any, tmp_path: Path) -> None:
    """Pick "rep" for the file's sales_agent column in the preview's mapping table: the preview
    reads the rep from it and says so (the Data page's --map)."""
    from tests.browser.conftest import serve

    db = _store_with_reps(tmp_path, "rep,name,region\nM1,Moses Frase,Central\n")
    pipe = tmp_path / "pipe.csv"
    pipe.write_text(
        "opportunity_id,sales_agent,deal_stage,close_date,close_value,As of\n"
        "1C1I,Moses Frase,Won,2016-11-01,1054,2016-11-06\n",
        encoding="utf-8",
    )
    with serve(db) as url:
        page.set_viewport_size({"width": 1440, "height": 1600})
        page.goto(f"{url}/data")
        wait_app(page)
        _choose_table(page, "snapshots")
        _attach(page, pipe)
        editor = page.locator('[data-testid="stDataFrame"]').filter(has_text="not used").first
        box = editor.bounding_box()
        assert box is not None
        # rows: header, then the mapped headers (opportunity_id, deal_stage, close_date, As of),
        # then the unused ones: sales_agent is the fifth row; rows are 35 px high
        page.mouse.dblclick(box["x"] + box["width"] * 0.75, box["y"] + 35 * 5 + 17)
        page.wait_for_timeout(800)
        page.keyboard.type("rep")
        page.keyboard.press("Enter")
        wait_rerun(page)
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stMain\"]').innerText"
            ".includes('columns mapped as given: sales_agent → rep')",
            timeout=30_000,
        )
        assert page.locator(EXCEPTION).count() == 0
        shoot(page, "data-mapping-edited")


def test_the_outlook_headline_opens_the_overview(page: Any, app_url: str) -> None:
    page.goto(app_url)
    wait_app(page)
    # the quarter outlook opens the Overview: its bar is drawn and the headline says the pace
    page.wait_for_selector('[class*="st-key-ov_outlook_chart"] .main-svg', timeout=60_000)
    text = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    assert EN["ol_kpi_booked"] in text
    # the pace of a running quarter; in a quarter's first days, before its first snapshot, the
    # outcome of the quarter that just ended
    says = ("ol_behind_by", "ol_ahead_by")
    if outlook_tiles(page) == 8:
        says = ("ol_above_target_by", "ol_below_target_by")
    assert any(EN[k].split(" {")[0] in text for k in says)
    assert EN["kpi_attainment_target"] not in text
    assert page.locator(EXCEPTION).count() == 0
    shoot(page, "overview-outlook")
