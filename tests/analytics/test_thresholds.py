"""The band table of analytics/thresholds.py: the SQL statuses and the chart guides follow it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest

from analytics.demo import build_demo
from analytics.metrics import MetricQuery, get_metric
from analytics.settings import Settings, Thresholds
from analytics.store import Store
from analytics.thresholds import BANDS, sql_params
from tests.analytics.test_metrics_commit import run, weekly  # noqa: F401  (fixture)


def test_every_edge_and_guide_names_a_threshold() -> None:
    names = set(sql_params(Thresholds()))
    for metric, bands in BANDS.items():
        edges = {step.edge for step in bands.steps}
        assert edges <= names, metric
        for guide in bands.guides:
            assert {guide.y0, guide.y1} <= names, metric
            # a chart draws an edge the colours use (M2's band top is drawn, not judged)
            assert guide.y0 in edges or guide.y1 in edges, metric


def test_m14_bands_use_the_discipline_threshold_below_the_expectation() -> None:
    th = Thresholds(m14_expected=1.0, m16_discipline=0.8)
    # 1.0 on time; 0.8 .. 1.0 late; below 0.8 poor
    assert BANDS["M14"].band(1.0, th) == ("good", "band_on_time")
    assert BANDS["M14"].band(0.8, th) == ("warn", "band_late")
    assert BANDS["M14"].band(0.79, th) == ("bad", "band_poor")


@pytest.mark.parametrize(("low", "a2_w1"), [(0.95, "over_committed"), (0.75, "accurate")])
def test_sql_status_of_m1_is_the_band_of_the_table(
    weekly: Store,  # noqa: F811
    low: float,
    a2_w1: str,
) -> None:
    # W1 a2: 40 / 50 = 0.80 and W1 a1: 100 / 100 = 1.00, W2 a1: 250 / 200 = 1.25, b1 0 / 80 = 0
    th = replace(weekly.settings.thresholds, m1_accurate_low=low)
    weekly.settings = replace(weekly.settings, thresholds=th)
    out = run(weekly, "M1", by="rep", grain="week")
    judged = out[out["value"].notna()]
    assert len(judged) == 4
    for value, status in zip(judged["value"], judged["status"], strict=True):
        assert BANDS["M1"].band(value, th)[1] == f"band_{status}", (value, status)
    # 0.80 is below 0.95 (over-committed) but above 0.75 (accurate): the SQL took the edge bound
    assert judged[(judged["scope"] == "a2")]["status"].tolist() == [a2_w1]


@pytest.fixture(scope="module")
def small_demo() -> Iterator[Store]:
    store = Store(":memory:", settings=Settings())
    build_demo(store, seed=5, today=date(2026, 11, 27), n_reps=8, years=1)
    yield store
    store.close()


@pytest.mark.parametrize(
    ("metric", "grain", "changed"),
    [
        ("M9", "month", {}),
        ("M9", "month", {"m9_healthy": 2.5}),
        ("M10", "week", {}),
        ("M10", "week", {"m10_floor": -0.02, "m10_good": 0.01}),
        ("M1", "week", {"m1_accurate_low": 0.7, "m1_accurate_high": 1.3}),
    ],
)
def test_sql_statuses_are_the_bands_of_the_table_on_the_demo(
    small_demo: Store, metric: str, grain: str, changed: dict[str, float]
) -> None:
    """Every status the SQL writes is the band the table gives its value, before and after an edit."""
    original = small_demo.settings
    th = replace(original.thresholds, **changed)
    small_demo.settings = replace(original, thresholds=th)
    try:
        out = get_metric(metric).compute(small_demo, MetricQuery(by="rep", grain=grain))
    finally:
        small_demo.settings = original
    judged = out[out["value"].notna() & out["status"].notna()]
    judged = judged[judged["status"] != "in_progress"]
    assert len(judged) >= 10, metric  # enough rows to mean something
    bands = BANDS[metric]
    for value, status in zip(judged["value"], judged["status"], strict=True):
        assert bands.band(float(value), th)[1] == f"band_{status}", (metric, value, status)
    # the edit moved at least one row into another band than the defaults give it
    if changed:
        defaults = [bands.band(float(v), original.thresholds)[1] for v in judged["value"]]
        assert defaults != [f"band_{s}" for s in judged["status"]], metric
