"""Shared fixtures: the pinned clock, an in-memory or temporary store, and a CLI runner.

The clock is pinned for the whole test session, whatever the machine's date: every test, the CLI
processes and the dashboard servers the tests start read "now" from FORECAST_DESK_NOW (set here
from FORECAST_DESK_TEST_NOW, default PINNED_NOW). `clock` moves it within one test;
tests/analytics/test_time_boundaries.py walks the kinds of day that once broke pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PINNED_NOW = "2026-11-27T12:00"  # a Friday: the week's call and the month's review are due

os.environ["FORECAST_DESK_NOW"] = os.environ.get("FORECAST_DESK_TEST_NOW") or PINNED_NOW
os.environ.pop("FORECAST_DESK_TODAY", None)

from analytics.store import Store  # noqa: E402  (after the clock is pinned)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], datetime]:
    """`clock("2026-12-07T09:30")` sets now (and today) for this test and the processes it starts."""

    def set_now(moment: str) -> datetime:
        monkeypatch.setenv("FORECAST_DESK_NOW", moment)
        return datetime.fromisoformat(moment)

    return set_now


@pytest.fixture
def store() -> Iterator[Store]:
    """A fresh in-memory store with default settings."""
    s = Store(":memory:")
    yield s
    s.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a database file in a temporary folder (forecast.settings.toml lands beside it)."""
    return tmp_path / "forecast.duckdb"


def run_cli(
    *args: str, db: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `python -m analytics` as a separate process, as a user would."""
    cmd = [sys.executable, "-m", "analytics"]
    if db is not None:
        cmd += ["--db", str(db)]
    cmd += list(args)
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


# `make test` runs the suite on two workers (pytest-xdist, `--dist loadgroup`). Tests that start
# heavy processes share one worker each, so that one Chromium and one JVM run at a time: the
# browser tests in group "browser", the Spark parity tests in group "spark".
XDIST_GROUPS = ("browser", "spark")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for group in XDIST_GROUPS:
            if item.get_closest_marker(group) is not None:
                item.add_marker(pytest.mark.xdist_group(group))
                break
