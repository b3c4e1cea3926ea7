"""A running dashboard on a demo database and a headless Chromium to drive it.

The server is `streamlit run streamlit_app.py` on a free port with FORECAST_DESK_DB pointing at
a demo database built in a temporary folder (by the command line, in its own process, so that
this process holds no lock on the file). Screenshots land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = os.environ.get("FORECAST_DESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"streamlit did not answer at {url} within {timeout}s")


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
    return db


@pytest.fixture(scope="session")
def app_url(demo_db_file: Path) -> Iterator[str]:
    """The URL of a dashboard serving the demo database; stopped after the session."""
    with serve(demo_db_file) as url:
        yield url


@contextmanager
def serve(db: Path, **env_extra: str) -> Iterator[str]:
    """A dashboard serving `db` (environment `env_extra` added, e.g. FORECAST_DESK_NOW)."""
    port = _free_port()
    env = dict(os.environ, FORECAST_DESK_DB=str(db), **env_extra)
    env.pop("FORECAST_DESK_SETTINGS", None)
    log = (db.parent / "streamlit.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "streamlit_app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


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
