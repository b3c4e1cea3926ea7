"""App-test fixtures: a demo database built once per test session, and AppTest runners on it.

Imported by tests/dashboard/test_app_pages.py (`from tests.app.fixtures import *`). AppTest runs the app in
this process, so FORECAST_DESK_DB is set for the duration of each test; the store of a path is
opened once per process (st.cache_resource), hence tests that change data use their own copy.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "streamlit_app.py")
TIMEOUT = 120


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database (seed 7), built once per session in a temporary folder."""
    from analytics.demo import build_demo
    from analytics.store import Store

    path = tmp_path_factory.mktemp("app-demo") / "forecast.duckdb"
    with Store(path) as store:
        build_demo(store, seed=7)
    return path


@pytest.fixture
def use_db(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], Path]:
    """Point the app at a database file for this test (settings file beside it)."""

    def point(path: Path) -> Path:
        monkeypatch.setenv("FORECAST_DESK_DB", str(path))
        monkeypatch.delenv("FORECAST_DESK_SETTINGS", raising=False)
        return path

    return point


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database, for tests that load or remove data."""
    target = tmp_path / "copy" / "forecast.duckdb"
    target.parent.mkdir()
    shutil.copy(demo_db, target)
    return target


@pytest.fixture
def app_on(use_db: Callable[[Path], Path]) -> Callable[..., AppTest]:
    """`app_on(db, page=None, query=None)`: a run AppTest of the dashboard on `db`."""

    def make(db: Path, page: str | None = None, query: dict[str, object] | None = None) -> AppTest:
        use_db(db)
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        if query:
            at.query_params.update(query)
        at.run()
        if page is not None:
            at.switch_page(f"dashboard/pages/{page}.py").run()
        return at

    return make
