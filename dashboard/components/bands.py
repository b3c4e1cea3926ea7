"""Which band of METRICS.md a value falls in, read from the settings' thresholds.

A band is a level (good / warn / bad / none) and the name a regional manager knows it by
("accurate", "over-committed", "below floor" …). Pages colour tiles and table cells by it;
charts draw the same edges (dashboard/components/charts.py). Which threshold is which metric's
edge, and the band on each side, is declared once in analytics/thresholds.py (`BANDS`); the
edges themselves come only from `Settings.thresholds`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analytics.settings import Thresholds
from analytics.thresholds import BANDS, Level, bands_of

if TYPE_CHECKING:
    import pandas as pd

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
    level, name_key = BANDS["M1"].band(value, th)
    return Band(level, name_key)


def band_for(metric_id: str, value: float | None, th: Thresholds, status: object = None) -> Band:
    """The band of a value of a standard metric (by id, case-insensitive) from the table of
    analytics/thresholds.py; a row whose `status` is in_progress or not_due gets that state,
    never a judgement."""
    state = state_band(status)
    if state is not None:
        return state
    if metric_id.upper() == "M1":
        return commit_accuracy_band(value, th)
    if _missing(value):
        return UNAVAILABLE
    assert value is not None
    bands = bands_of(metric_id)
    if bands is None:
        return NO_THRESHOLD
    level, name_key = bands.band(value, th)
    return Band(level, name_key)
