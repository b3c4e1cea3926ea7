"""Which band of METRICS.md a value falls in, read from the settings' thresholds.

A band is a level (good / warn / bad / none) and the name a regional manager knows it by
("accurate", "over-committed", "below floor" …). Pages colour tiles and table cells by it;
charts draw the same edges (dashboard/components/charts.py). Edges come only from
`Settings.thresholds`, never constants here.

Where METRICS.md gives one edge only, the other side is "bad" (M4, M9) or "warn" (M18, M3, M8:
below target is not a failure mid-period). M1h and M14 have no own lower edge; the M16
discipline threshold (0.8) separates "warn" from "bad", as M16 uses both in its discipline score.
M13 has no threshold: shown without colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from analytics.settings import Thresholds

if TYPE_CHECKING:
    import pandas as pd

Level = Literal["good", "warn", "bad", "none"]
BADGE_COLORS: dict[str, str] = {"good": "green", "warn": "orange", "bad": "red", "none": "gray"}
CHART_COLORS: dict[str, str] = {
    "good": "rgba(46, 160, 67, 0.14)",
    "warn": "rgba(219, 137, 0, 0.14)",
    "bad": "rgba(218, 54, 51, 0.12)",
    "none": "rgba(120, 120, 120, 0.10)",
}
LINE_COLORS: dict[str, str] = {
    "good": "#2ea043",
    "warn": "#db8900",
    "bad": "#da3633",
    "none": "#7a7a7a",
}


@dataclass(frozen=True)
class Band:
    """A level for the colour and the i18n key of the band's name."""

    level: Level
    name_key: str


UNAVAILABLE = Band("none", "band_unavailable")
NO_THRESHOLD = Band("none", "band_no_threshold")
# A period that has not ended, or a submission not yet due, is never judged (docs/metrics.md).
IN_PROGRESS = Band("none", "band_in_progress")
NOT_DUE = Band("none", "band_not_due")
STATE_BANDS: dict[str, Band] = {"in_progress": IN_PROGRESS, "not_due": NOT_DUE}


def status_of(row: pd.Series | None, column: str = "status") -> str | None:
    """A metric row's status text (in_progress, not_due, a band name), None when absent."""
    if row is None or column not in row.index:
        return None
    value = row[column]
    return value if isinstance(value, str) else None


def state_band(status: object) -> Band | None:
    """The band of a metric row's `status` when it says "not judged yet", else None."""
    return STATE_BANDS.get(status) if isinstance(status, str) else None


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def commit_accuracy_band(
    value: float | None,
    th: Thresholds,
    *,
    actual: float | None = None,
    commit: float | None = None,
    status: object = None,
) -> Band:
    """M1: < low over-committed; low..high accurate; > high under-called; commit 0 with wins.

    A week still running (`status` in_progress) is never judged."""
    state = state_band(status)
    if state is not None:
        return state
    if _missing(value):
        if commit is not None and actual is not None and commit == 0 and actual > 0:
            return Band("warn", "band_uncommitted_wins")
        return UNAVAILABLE
    assert value is not None
    if value < th.m1_accurate_low:
        return Band("bad", "band_over_committed")
    if value <= th.m1_accurate_high:
        return Band("good", "band_accurate")
    return Band("warn", "band_under_called")


def band_for(metric_id: str, value: float | None, th: Thresholds, status: object = None) -> Band:
    """The band of a value of a standard metric (by id, case-insensitive); a row whose `status`
    is in_progress or not_due gets that state, never a judgement."""
    mid = metric_id.upper()
    state = state_band(status)
    if state is not None:
        return state
    if mid == "M1":
        return commit_accuracy_band(value, th)
    if _missing(value):
        return UNAVAILABLE
    assert value is not None
    if mid == "M1H":
        return _at_least(value, th.m16_discipline, "band_good", "band_below", "warn")
    if mid == "M2":
        return _at_least(value, th.m2_healthy, "band_healthy", "band_below", "bad")
    if mid in ("M3", "M8"):
        edge = th.m3_healthy if mid == "M3" else th.m8_healthy
        return _at_least(value, edge, "band_on_target", "band_below_target", "warn")
    if mid == "M4":
        return Band("good", "band_healthy") if value < th.m4_max else Band("bad", "band_too_high")
    if mid == "M9":
        return _at_least(value, th.m9_healthy, "band_healthy", "band_below", "bad")
    if mid in ("M10", "M10C"):
        if value < th.m10_floor:
            return Band("bad", "band_below_floor")
        if value < th.m10_good:
            return Band("warn", "band_normal")
        return Band("good", "band_good")
    if mid in ("M14", "M14M"):
        if value >= th.m14_expected:
            return Band("good", "band_on_time")
        if value >= th.m16_discipline:
            return Band("warn", "band_late")
        return Band("bad", "band_poor")
    if mid == "M18":
        return _at_least(value, th.m16_attainment, "band_on_target", "band_below_target", "warn")
    return NO_THRESHOLD


def _at_least(value: float, edge: float, good_key: str, below_key: str, below: Level) -> Band:
    return Band("good", good_key) if value >= edge else Band(below, below_key)
