"""The band edges of every metric, declared once and read from `Settings.thresholds`.

One `MetricBands` per metric says which threshold fields are its edges, the band a value gets
on each side of them, and which guides (shaded bands, dashed lines) its charts draw. From this
table the dashboard derives the band of a value (`dashboard.components.bands.band_for`) and the
guides of a chart (`dashboard.components.charts.metric_guides`); the metric SQL receives the
same fields as bound parameters (`sql_params`, used by analytics/metrics/common.py).

Where METRICS.md gives one edge only, the other side is "bad" (M4, M9) or "warn" (M18, M3, M8:
below target is not a failure mid-period). M1h and M14 have no own lower edge; the M16
discipline threshold separates "warn" from "bad", as M16 uses both in its discipline score.
M13 and M5 have no threshold: shown without colour.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

from analytics.settings import Thresholds

Level = Literal["good", "warn", "bad", "none"]


@dataclass(frozen=True)
class Step:
    """From the threshold `edge` upward (strictly above when `strict`) a value is in this band."""

    edge: str  # a field of Thresholds
    level: Level
    name_key: str  # the band's name in the text catalogs (band_…)
    strict: bool = False


@dataclass(frozen=True)
class GuideSpec:
    """A threshold drawn on a chart: a band between two edges or a line at one edge.

    `label` is a pattern: `{name}` is the text of `name_key`, `{y0}` / `{y1}` the edges as
    percentages."""

    kind: Literal["band", "line"]
    y0: str
    y1: str
    level: Level
    name_key: str
    label: str


@dataclass(frozen=True)
class MetricBands:
    """A metric's bands: `below` under the first edge, then each step from its edge up."""

    below: tuple[Level, str]
    steps: tuple[Step, ...]
    guides: tuple[GuideSpec, ...]

    def band(self, value: float, th: Thresholds) -> tuple[Level, str]:
        """(level, name key) of a value: the highest step whose edge it reaches."""
        for step in reversed(self.steps):
            edge = float(getattr(th, step.edge))
            if value > edge or (value == edge and not step.strict):
                return step.level, step.name_key
        return self.below


def _line(
    edge: str, level: Level, name_key: str = "threshold", label: str = "{name} {y0}"
) -> GuideSpec:
    return GuideSpec("line", edge, edge, level, name_key, label)


def _at_least(
    edge: str, good: str, below: str, below_level: Level, guide: GuideSpec
) -> MetricBands:
    return MetricBands((below_level, below), (Step(edge, "good", good),), (guide,))


M1 = MetricBands(
    ("bad", "band_over_committed"),
    (
        Step("m1_accurate_low", "good", "band_accurate"),
        Step("m1_accurate_high", "warn", "band_under_called", strict=True),
    ),
    (
        GuideSpec(
            "band",
            "m1_accurate_low",
            "m1_accurate_high",
            "good",
            "band_accurate",
            "{name} {y0}–{y1}",
        ),
    ),
)
M3_LIKE = {
    metric: _at_least(edge, "band_on_target", "band_below_target", "warn", _line(edge, "good"))
    for metric, edge in (("M3", "m3_healthy"), ("M8", "m8_healthy"), ("M18", "m16_attainment"))
}
M10 = MetricBands(
    ("bad", "band_below_floor"),
    (Step("m10_floor", "warn", "band_normal"), Step("m10_good", "good", "band_good")),
    (
        _line("m10_floor", "bad", "band_below_floor", "{name} < {y0}"),
        _line("m10_good", "good", "band_good", "{name} ≥ {y0}"),
    ),
)
M14 = MetricBands(
    ("bad", "band_poor"),
    (Step("m16_discipline", "warn", "band_late"), Step("m14_expected", "good", "band_on_time")),
    (_line("m14_expected", "good"),),
)

# Metric id (upper case) -> its bands. M1's "uncommitted wins" (commit 0, bookings > 0) is not a
# threshold: dashboard.components.bands.commit_accuracy_band adds it.
BANDS: dict[str, MetricBands] = {
    "M1": M1,
    "M1H": _at_least(
        "m16_discipline", "band_good", "band_below", "warn", _line("m16_discipline", "warn")
    ),
    "M2": _at_least(
        "m2_healthy",
        "band_healthy",
        "band_below",
        "bad",
        GuideSpec("band", "m2_healthy", "m2_band_high", "good", "band_healthy", "{name} {y0}–{y1}"),
    ),
    **M3_LIKE,
    "M4": MetricBands(
        ("good", "band_healthy"),
        (Step("m4_max", "bad", "band_too_high"),),
        (_line("m4_max", "bad"),),
    ),
    "M9": _at_least(
        "m9_healthy",
        "band_healthy",
        "band_below",
        "bad",
        _line("m9_healthy", "good", "band_healthy", "{name} ≥ {y0}"),
    ),
    "M10": M10,
    "M10C": M10,
    "M14": M14,
    "M14M": M14,
}


def bands_of(metric_id: str) -> MetricBands | None:
    """The bands of a metric id (case-insensitive); None for a metric without a threshold."""
    return BANDS.get(metric_id.upper())


def sql_params(th: Thresholds) -> dict[str, float]:
    """Every threshold as a bound parameter of the metric SQL (`$m1_accurate_low` …)."""
    return {f.name: getattr(th, f.name) for f in fields(th)}
