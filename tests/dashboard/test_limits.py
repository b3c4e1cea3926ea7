"""Limits: the upload size the Data page accepts and states, and the memory a load may use.

The dashboard accepts files up to server.maxUploadSize (.streamlit/config.toml) and says so on
the Data page, pointing larger files to `forecast-desk ingest`. A load caps DuckDB's memory
(analytics.ingest.memory) so that a file larger than memory spills to disk: the cap holds
during the load, the previous limit comes back afterwards, and a command-line load of a file
several times the cap stays far below what an uncapped load takes.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import analytics.ingest.load as load_module
from analytics.errors import LoadError, UsageError
from analytics.ingest import ingest_file
from analytics.ingest.memory import ENV_VAR, capped_memory, parse_size
from analytics.store import Store
from bench.large_file import write_snapshot_csv
from bench.util import time_process
from dashboard.i18n import TEXTS
from tests.app.fixtures import app_on, demo_db, use_db  # noqa: F401
from tests.conftest import ROOT

EN, ZH = TEXTS["en"], TEXTS["zh"]

CONFIG = ROOT / ".streamlit" / "config.toml"
REPS = "rep,region\nS01,North\nS02,East\n"


def configured_upload_mb() -> int:
    with CONFIG.open("rb") as fh:
        return int(tomllib.load(fh)["server"]["maxUploadSize"])


# -- upload size --------------------------------------------------------------------------------
def test_the_upload_limit_is_configured() -> None:
    assert configured_upload_mb() == 200


@pytest.mark.parametrize(("lang", "texts"), [("en", EN), ("zh", ZH)])
def test_the_data_page_states_the_upload_limit(
    app_on: Any,  # noqa: F811
    demo_db: Path,  # noqa: F811
    lang: str,
    texts: dict[str, str],
) -> None:
    at = app_on(demo_db, page="data", query={"lang": lang})
    assert not at.exception, [e.value for e in at.exception]
    stated = texts["upload_limit"].format(mb=configured_upload_mb())
    assert stated in [c.value for c in at.caption]
    assert "200 MB" in stated and "forecast-desk ingest" in stated


# -- memory of a load ---------------------------------------------------------------------------
def memory_limit(store: Store) -> str:
    row = store.cursor().execute("SELECT current_setting('memory_limit')").fetchone()
    assert row is not None
    return str(row[0])


@pytest.fixture
def file_store(db_path: Path) -> Iterator[Store]:
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def seen_during_load(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The memory limit as each load's body sees it."""
    seen: list[str] = []
    original = load_module._load

    def spy(cur: Any, store: Store, *args: Any, **kwargs: Any) -> Any:
        seen.append(memory_limit(store))
        return original(cur, store, *args, **kwargs)

    monkeypatch.setattr(load_module, "_load", spy)
    return seen


def test_a_load_caps_memory_and_restores_the_limit(
    file_store: Store, tmp_path: Path, seen_during_load: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    before = memory_limit(file_store)
    path = tmp_path / "reps.csv"
    path.write_text(REPS, encoding="utf-8")
    ingest_file(file_store, "reps", path)
    path.write_text("rep,region\nS03\n", encoding="utf-8")  # refused: a field is missing
    with pytest.raises(LoadError):
        ingest_file(file_store, "reps", path)
    assert seen_during_load == ["953.6 MiB", "953.6 MiB"]  # 1 GB = 10^9 B = 953.6 x 2^20 B
    assert memory_limit(file_store) == before


def test_the_cap_comes_from_the_environment(
    file_store: Store, tmp_path: Path, seen_during_load: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, "512MB")
    path = tmp_path / "reps.csv"
    path.write_text(REPS, encoding="utf-8")
    ingest_file(file_store, "reps", path)
    assert seen_during_load == ["488.2 MiB"]  # 512 x 10^6 B / 2^20 = 488.28 MiB


def test_a_lower_limit_is_kept(
    file_store: Store, tmp_path: Path, seen_during_load: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    file_store.cursor().execute("SET memory_limit = '600MB'")
    path = tmp_path / "reps.csv"
    path.write_text(REPS, encoding="utf-8")
    ingest_file(file_store, "reps", path)
    assert seen_during_load == ["572.2 MiB"]  # 600 x 10^6 / 2^20 = 572.2: below 1 GB, kept
    assert memory_limit(file_store) == "572.2 MiB"


@pytest.mark.parametrize("value", ["lots", "1 parsec", "100MB"])
def test_a_bad_cap_is_a_usage_error(
    file_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(ENV_VAR, value)
    path = tmp_path / "reps.csv"
    path.write_text(REPS, encoding="utf-8")
    with pytest.raises(UsageError, match=ENV_VAR):
        ingest_file(file_store, "reps", path)
    assert file_store.table_counts()["reps"] == 0


def test_an_in_memory_store_is_left_alone(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    before = memory_limit(store)
    with capped_memory(store):
        assert memory_limit(store) == before


@pytest.mark.parametrize(
    ("text", "size"),
    [("1GB", 10**9), ("953.6 MiB", int(953.6 * 2**20)), ("18.8 GiB", int(18.8 * 2**30)),
     ("0 bytes", 0), ("4 kb", 4000), ("lots", None), ("GB", None), ("1 parsec", None)],
)  # fmt: skip
def test_parse_size(text: str, size: int | None) -> None:
    assert parse_size(text) == size


@pytest.mark.slow
def test_the_command_line_streams_a_file_larger_than_the_cap(tmp_path: Path) -> None:
    """1.2M rows (about 137 MB) under a 256 MB cap: an uncapped load of this file peaks near
    1.3 GB (measured with the cap raised to 100GB); capped it stays below 800 MB."""
    path = tmp_path / "snapshots.csv"
    write_snapshot_csv(1_200_000, path)
    db = tmp_path / "forecast.duckdb"
    argv = [sys.executable, "-m", "analytics", "--db", str(db), "ingest", "snapshots", str(path)]
    run = time_process("capped", argv, repeat=1, env={ENV_VAR: "256MB"})
    assert run.rss_kib < 800 * 1024, f"peak RSS {run.rss_kib // 1024} MiB"
    with Store(db, read_only=True) as store:
        assert store.table_counts()["snapshots"] == 1_200_000
