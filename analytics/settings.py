"""Settings: one TOML file whose defaults come from METRICS.md (analytics/settings_default.toml).

The user's file (`<database name>.settings.toml` beside the database, e.g.
`data/forecast.settings.toml`, or the path in FORECAST_DESK_SETTINGS)
overrides any subset of keys. Thresholds are never constants buried in code: metrics read
them from a Settings value.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w

from analytics.errors import ForecastDeskError

DEFAULTS_PATH = Path(__file__).with_name("settings_default.toml")
LOST_STAGE_NAMES = frozenset({"closed lost", "closedlost", "lost", "丢单"})


@dataclass(frozen=True)
class Thresholds:
    """Band edges of METRICS.md, as fractions (1.0 = 100%)."""

    m1_accurate_low: float = 0.95
    m1_accurate_high: float = 1.10
    m2_healthy: float = 0.95
    m2_band_high: float = 1.00
    m3_healthy: float = 1.00
    m4_max: float = 0.05
    m8_healthy: float = 1.00
    m9_healthy: float = 1.50
    m10_floor: float = 0.05
    m10_good: float = 0.10
    m11_quality_stage: float = 60
    m11_stale_snapshots: int = 4
    m14_expected: float = 1.00
    m16_attainment: float = 1.00
    m16_discipline: float = 0.80
    m19_min_closed_deals: int = 30


# Thresholds that count things (snapshots, deals): whole numbers, the rest are fractions.
WHOLE_THRESHOLDS: tuple[str, ...] = ("m11_stale_snapshots", "m19_min_closed_deals")


@dataclass(frozen=True)
class Settings:
    """Everything a metric or page may need to know besides the data."""

    fiscal_year_start_month: int = 1
    snapshot_max_age_days: int = 7
    currency_label: str = "¥"
    eligible_stage: float = 90
    call_deadline_weekday: int = 0
    call_deadline_hour: int = 9
    plan_stretch: float = 0.10
    # A week's linear share of its quarter (M2, the M13 ideal line): "weeks" = 1/13 (METRICS.md)
    # or "working_days" = the week's working days / the quarter's (docs/planning.md).
    linear_share: str = "weeks"
    working_weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    holidays: tuple[date, ...] = ()
    thresholds: Thresholds = field(default_factory=Thresholds)
    stages: dict[str, float] = field(default_factory=dict)
    # The weekday of weekly snapshots (0 = Monday, 6 = Sunday, when reps submit): `backfill`
    # writes its snapshots on it.
    snapshot_weekday: int = 6
    # The stage a won or lost deal of an extract without history shows while it was open
    # (the extract holds only its final stage; docs/loading.md, "History on day one").
    backfill_open_stage: float = 25

    def stage_for(self, name: str) -> float | None:
        return self.stages.get(name.strip().lower())

    def to_toml_dict(self) -> dict[str, Any]:
        return {
            "calendar": {
                "fiscal_year_start_month": self.fiscal_year_start_month,
                "snapshot_max_age_days": self.snapshot_max_age_days,
                "linear_share": self.linear_share,
                "working_weekdays": list(self.working_weekdays),
                "holidays": [d.isoformat() for d in self.holidays],
            },
            "display": {"currency_label": self.currency_label},
            "commit": {
                "eligible_stage": self.eligible_stage,
                "call_deadline_weekday": self.call_deadline_weekday,
                "call_deadline_hour": self.call_deadline_hour,
            },
            "planning": {"stretch": self.plan_stretch},
            "backfill": {
                "snapshot_weekday": self.snapshot_weekday,
                "open_stage": self.backfill_open_stage,
            },
            "thresholds": {f.name: getattr(self.thresholds, f.name) for f in fields(Thresholds)},
            "stages": dict(self.stages),
        }


class SettingsError(ForecastDeskError):
    """The settings file cannot be read or holds an invalid value."""


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def settings_from_dict(doc: dict[str, Any], source: str = "settings") -> Settings:
    """Build and validate Settings from a parsed TOML document (defaults merged in)."""
    merged = _merge(tomllib.loads(DEFAULTS_PATH.read_text(encoding="utf-8")), doc)
    cal, disp, com = merged["calendar"], merged["display"], merged["commit"]
    known = {f.name for f in fields(Thresholds)}
    unknown = set(merged["thresholds"]) - known
    if unknown:
        raise SettingsError(f"{source}: unknown threshold(s): {', '.join(sorted(unknown))}")
    try:
        values: dict[str, Any] = {
            k: (int(v) if k in WHOLE_THRESHOLDS else float(v))
            for k, v in merged["thresholds"].items()
        }
        th = Thresholds(**values)
        settings = Settings(
            fiscal_year_start_month=int(cal["fiscal_year_start_month"]),
            snapshot_max_age_days=int(cal["snapshot_max_age_days"]),
            currency_label=str(disp["currency_label"]),
            eligible_stage=float(com["eligible_stage"]),
            call_deadline_weekday=int(com["call_deadline_weekday"]),
            call_deadline_hour=int(com["call_deadline_hour"]),
            plan_stretch=float(merged["planning"]["stretch"]),
            linear_share=str(cal["linear_share"]),
            working_weekdays=tuple(sorted({int(d) for d in cal["working_weekdays"]})),
            holidays=tuple(sorted({_day(d) for d in cal["holidays"]})),
            thresholds=th,
            stages={str(k).strip().lower(): float(v) for k, v in merged["stages"].items()},
            snapshot_weekday=int(merged["backfill"]["snapshot_weekday"]),
            backfill_open_stage=float(merged["backfill"]["open_stage"]),
        )
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"{source}: invalid value: {exc}") from exc
    if not 1 <= settings.fiscal_year_start_month <= 12:
        raise SettingsError(f"{source}: fiscal_year_start_month must be 1..12")
    if not 0 <= settings.eligible_stage <= 100:
        raise SettingsError(f"{source}: eligible_stage must be 0..100")
    if not 0 <= settings.call_deadline_hour <= 23 or not 0 <= settings.call_deadline_weekday <= 6:
        raise SettingsError(f"{source}: call deadline weekday 0..6 and hour 0..23")
    if settings.linear_share not in ("weeks", "working_days"):
        raise SettingsError(f'{source}: linear_share must be "weeks" or "working_days"')
    if not settings.working_weekdays or not set(settings.working_weekdays) <= set(range(7)):
        raise SettingsError(f"{source}: working_weekdays must be days 0..6 (0 = Monday)")
    if not 0 <= settings.plan_stretch <= 10:
        raise SettingsError(f"{source}: planning stretch must be 0..10 (0.10 = 10%)")
    if not 0 <= settings.snapshot_weekday <= 6:
        raise SettingsError(f"{source}: snapshot_weekday must be 0..6 (0 = Monday, 6 = Sunday)")
    if not 0 < settings.backfill_open_stage < 100:
        raise SettingsError(
            f"{source}: backfill open_stage must be an open stage, above 0 and below 100"
        )
    for name, value in settings.stages.items():
        if not 0 <= value <= 100:
            raise SettingsError(f"{source}: stage '{name}' = {value} is outside 0..100")
    return settings


def _day(value: Any) -> date:
    """A holiday: a TOML date or 'YYYY-MM-DD' text."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


LEGACY_NAME = "settings.toml"  # before: one file for every database of a folder


def settings_path_for(db_path: str | os.PathLike[str] | None) -> Path:
    """The settings file used with a database: FORECAST_DESK_SETTINGS, else the file named after
    the database beside it (`forecast.duckdb` → `forecast.settings.toml`), so that two stores in
    one folder never share thresholds or stage names.

    A folder that still has the old shared `settings.toml` and no file for this database is
    migrated: the old file is copied to this database's name (it stays for the others).
    """
    env = os.environ.get("FORECAST_DESK_SETTINGS")
    if env:
        return Path(env)
    if db_path is None or str(db_path) == ":memory:":
        return Path("data") / "forecast.settings.toml"
    db = Path(db_path)
    own = db.with_name(f"{db.stem}.settings.toml")
    legacy = db.with_name(LEGACY_NAME)
    if not own.exists() and legacy.exists():
        try:
            own.write_bytes(legacy.read_bytes())
        except OSError:
            return legacy  # a read-only folder: keep reading the old file
    return own


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Read a settings file (missing file = all defaults)."""
    if path is None or not Path(path).exists():
        return settings_from_dict({}, "defaults")
    try:
        doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read settings: {exc}") from exc
    return settings_from_dict(doc, str(path))


def save_settings(settings: Settings, path: str | os.PathLike[str]) -> None:
    """Write the full settings to a TOML file (atomically: write then rename)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".toml.tmp")
    tmp.write_bytes(tomli_w.dumps(settings.to_toml_dict()).encode("utf-8"))
    tmp.replace(target)
