"""A running dashboard on a demo database and a headless Chromium to drive it.

The server is `streamlit run streamlit_app.py` on a free port (bench/server.py) with
FORECAST_DESK_DB pointing at a demo database built in a temporary folder (by the command line,
in its own process, so that this process holds no lock on the file). Screenshots land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench import server
from bench.server import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import ROOT

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database built by `python -m analytics demo` in a temporary folder."""
    folder = tmp_path_factory.mktemp("browser-db")
    db = folder / "forecast.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "analytics", "--db", str(db), "demo", "--seed", "7"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        pytest.fail(f"the demo database cannot be built: {result.stderr.strip()[-300:]}")
    # The names of the reps and managers, read now: the dashboard's process holds the file later.
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT name FROM reps UNION SELECT manager FROM reps").fetchall()
    (folder / "people.txt").write_text(
        "\n".join(str(r[0]) for r in rows if r[0] is not None), encoding="utf-8"
    )
    return db


@pytest.fixture(scope="session")
def demo_people(demo_db_file: Path) -> set[str]:
    """The demo's rep and manager names (from its reps table)."""
    return set((demo_db_file.parent / "people.txt").read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="session")
def app_url(demo_db_file: Path) -> Iterator[str]:
    """The URL of a dashboard serving the demo database; stopped after the session."""
    with serve(demo_db_file) as url:
        yield url


@contextmanager
def serve(db: Path, **env_extra: str) -> Iterator[str]:
    """A dashboard serving `db` (environment `env_extra` added, e.g. FORECAST_DESK_NOW); its log
    is streamlit.log beside the database."""
    with server.serve(db, env=env_extra, log=db.parent / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("FORECAST_DESK_REQUIRE_BROWSER"):  # CI: a missing browser is a failure
            pytest.fail(f"no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser page at 1440×1000."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-US")  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        yield page
    finally:
        context.close()
