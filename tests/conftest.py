"""Shared fixtures: an in-memory or temporary store, and a CLI runner."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytics.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store() -> Iterator[Store]:
    """A fresh in-memory store with default settings."""
    s = Store(":memory:")
    yield s
    s.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a database file in a temporary folder (settings.toml lands beside it)."""
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
