"""Settings: defaults equal METRICS.md, overrides merge, bad values are refused, docs stay true."""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from analytics.settings import (
    DEFAULTS_PATH,
    Settings,
    SettingsError,
    Thresholds,
    load_settings,
    save_settings,
    settings_path_for,
)
from analytics.store import Store
from tests.conftest import ROOT


def test_defaults_are_those_of_metrics_md() -> None:
    s = load_settings(None)
    t = s.thresholds
    assert (t.m1_accurate_low, t.m1_accurate_high) == (0.95, 1.10)
    assert (t.m2_healthy, t.m3_healthy, t.m4_max) == (0.95, 1.00, 0.05)
    assert (t.m9_healthy, t.m10_floor, t.m10_good) == (1.50, 0.05, 0.10)
    assert (t.m16_attainment, t.m16_discipline) == (1.00, 0.80)
    assert s.fiscal_year_start_month == 1
    assert s.eligible_stage == 90
    assert (s.call_deadline_weekday, s.call_deadline_hour) == (0, 9)
    assert s.stage_for("Closed Won") == 100
    assert s.stage_for("  NEGOTIATION/REVIEW ") == 90


def test_a_partial_file_overrides_only_its_keys(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[calendar]\nfiscal_year_start_month = 8\n[thresholds]\nm9_healthy = 2.0\n")
    s = load_settings(path)
    assert s.fiscal_year_start_month == 8
    assert s.thresholds.m9_healthy == 2.0
    assert s.thresholds.m1_accurate_low == 0.95


@pytest.mark.parametrize(
    "text, message",
    [
        ("[calendar]\nfiscal_year_start_month = 13\n", "fiscal_year_start_month"),
        ("[thresholds]\nm99 = 1\n", "unknown threshold"),
        ("[stages]\nfoo = 120\n", "outside 0..100"),
        ("[thresholds]\nm1_accurate_low = 'x'\n", "invalid value"),
        ("not toml = = =", "cannot read"),
    ],
)
def test_bad_settings_are_refused_with_the_file_name(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text)
    with pytest.raises(SettingsError, match=message) as info:
        load_settings(path)
    assert str(path) in str(info.value)


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    s = load_settings(None)
    changed = Settings(
        fiscal_year_start_month=8,
        currency_label="$",
        thresholds=Thresholds(m9_healthy=1.75),
        stages=s.stages,
    )
    path = tmp_path / "settings.toml"
    save_settings(changed, path)
    assert load_settings(path) == changed


def test_store_reads_the_file_beside_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FORECAST_DESK_SETTINGS", raising=False)
    db = tmp_path / "x.duckdb"
    assert settings_path_for(db) == tmp_path / "x.settings.toml"
    (tmp_path / "x.settings.toml").write_text("[calendar]\nfiscal_year_start_month = 4\n")
    with Store(db) as s:
        assert s.settings.fiscal_year_start_month == 4


def test_two_stores_in_one_folder_keep_their_own_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FORECAST_DESK_SETTINGS", raising=False)
    # The old layout: one settings.toml shared by every database of the folder.
    (tmp_path / "settings.toml").write_text("[calendar]\nfiscal_year_start_month = 4\n")
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    with Store(a) as s:
        assert s.settings.fiscal_year_start_month == 4  # migrated from the shared file
    assert (tmp_path / "a.settings.toml").exists()
    (tmp_path / "b.settings.toml").write_text("[calendar]\nfiscal_year_start_month = 8\n")
    with Store(a) as s, Store(b) as t:
        assert (s.settings.fiscal_year_start_month, t.settings.fiscal_year_start_month) == (4, 8)


def test_every_setting_is_documented() -> None:
    """docs/settings.md names every key of the defaults file, and nothing else."""
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| (\w+) \| `(\w+)` \|", doc, flags=re.M))
    defaults = tomllib.loads(DEFAULTS_PATH.read_text(encoding="utf-8"))
    keys = {(sec, key) for sec, table in defaults.items() if sec != "stages" for key in table}
    assert keys == documented
    assert {f.name for f in fields(Thresholds)} == {k for s, k in keys if s == "thresholds"}
