"""Every page in `?lang=zh` shows no English word in its headings, tiles, tables and charts.

One visit per page (the suite's time is short): the page's headings, KPI tiles (label, value,
delta), the column headers and cells of its tables (the accessible grid of st.dataframe) and the
SVG texts of its Plotly charts are read, cut into Latin-letter words, and every word outside the
allow-list fails the test with where it was seen. Allowed are:

- the names of the data: rep and manager names from the demo's reps table, and the cells of
  columns holding names or free text (deal, account, rep and manager names, notes) — a Chinese
  organisation's CRM may hold English customer names, and the dashboard never translates them;
- ids and codes: any word holding a digit (N01, OPP-00012, M19, P10, Q1, 5G), the tiers A–D;
- terms Chinese sales teams write in Latin letters (DOMAIN.md: UPSIDE) and abbreviations
  (CSV, WAPE, MB), currency codes;
- Material icon names (Streamlit draws icons as ligature text: `download`, `table_rows`),
  which are removed before the check;
- `true`/`false` of a checkbox column's accessible cell (drawn as a tick, never as text).

Screenshots `<page>-zh-1440x1000.png` go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import csv
import re
import time
from typing import Any

import pytest

from dashboard.app import PAGES
from dashboard.i18n import TEXTS
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_browser import EXCEPTION, wait_app
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

ZH = TEXTS["zh"]
# Latin words allowed in Chinese mode (see the module's docstring)
ALLOWED = frozenset(
    {"UPSIDE", "WAPE", "CSV", "TXT", "TSV", "MB", "KB", "CNY", "RMB", "USD", "EUR", "true", "false"}
    | {"A", "B", "C", "D"}
)
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*")
# Table headers whose cells are names or free text from the data (never translated)
NAME_HEADER_KEYS = re.compile(
    r"^(hdr_(opportunity_name|opportunity_id|account|name|rep_name|manager|note|notes"
    r"|submitted_by|file_name|order_id|content_hash)"
    r"|\w+_col_(name|account|deal|note|notes|by|manager|file_name|rep))$"
)
NAME_HEADERS = frozenset(v for k, v in ZH.items() if NAME_HEADER_KEYS.match(k))

# The texts of a page by kind; icons (ligature text) removed first.
COLLECT = """(nameHeaders) => {
  const main = document.querySelector('[data-testid="stMain"]');
  const out = [];
  const text = (el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll('[data-testid="stIconMaterial"]').forEach((i) => i.remove());
    return (copy.innerText || copy.textContent || '').trim();
  };
  main.querySelectorAll('[data-testid="stHeading"]').forEach((e) => out.push(['heading', text(e)]));
  main.querySelectorAll('[data-testid="stMetric"]').forEach((e) => out.push(['tile', text(e)]));
  main.querySelectorAll('[data-testid="stDataFrame"]').forEach((grid) => {
    const headers = {};
    grid.querySelectorAll('[role="columnheader"]').forEach((h) => {
      const label = text(h);
      headers[h.getAttribute('aria-colindex')] = label;
      out.push(['table header', label]);
    });
    grid.querySelectorAll('[role="gridcell"]').forEach((c) => {
      const header = headers[c.getAttribute('aria-colindex')] || '';
      if (!nameHeaders.includes(header)) out.push(['table cell (' + header + ')', text(c)]);
    });
  });
  main.querySelectorAll('.js-plotly-plot svg text').forEach((e) =>
    out.push(['chart', e.textContent || '']));
  return out;
}"""


def latin_words(texts: list[list[str]], allowed: set[str]) -> dict[str, set[str]]:
    """Word -> the kinds of place it was seen, for the words not allowed."""
    found: dict[str, set[str]] = {}
    for kind, text in texts:
        for word in WORD.findall(text):
            if word in allowed or any(ch.isdigit() for ch in word):
                continue
            found.setdefault(word, set()).add(kind)
    return found


def sample_people() -> set[str]:
    """Rep and manager names of the sample reps files, which other browser tests load into the
    same server's database (data/samples/*reps*.csv)."""
    people: set[str] = set()
    for path in sorted((ROOT / "data" / "samples").glob("*reps*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                people.update(v for k, v in row.items() if k in ("name", "manager") and v)
    return people


def test_every_page_in_chinese_has_no_english_word(
    page: Any, app_url: str, demo_people: set[str]
) -> None:
    people = demo_people | sample_people()
    allowed = set(ALLOWED) | {w for name in people for w in WORD.findall(name)}
    problems: dict[str, dict[str, set[str]]] = {}
    started = time.perf_counter()
    for index, (stem, url_path, _title_key, _icon) in enumerate(PAGES):
        page.goto(f"{app_url}/{url_path if index else ''}?lang=zh")  # the first page is "/"
        wait_app(page)
        assert page.locator("h1").first.inner_text().strip() != "", stem
        assert page.locator(EXCEPTION).count() == 0, f"exception on {stem}"
        if page.locator(".js-plotly-plot").count():
            page.wait_for_selector(".js-plotly-plot .main-svg text", timeout=60_000)
        page.wait_for_timeout(800)  # the grids draw their accessible cells after a frame
        texts = page.evaluate(COLLECT, sorted(NAME_HEADERS))
        words = latin_words(texts, allowed)
        if words:
            problems[stem] = words
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # one size: the suite's time is short
        page.screenshot(path=str(SCREENSHOTS / f"{stem}-zh-1440x1000.png"), full_page=True)
    elapsed = time.perf_counter() - started
    print(f"seven pages in Chinese read in {elapsed:.1f} s")
    assert not problems, "English words in Chinese mode: " + "; ".join(
        f"{stem}: " + ", ".join(f"{w} ({'/'.join(sorted(k))})" for w, k in sorted(words.items()))
        for stem, words in problems.items()
    )
