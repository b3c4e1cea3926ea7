"""The twelve months behind M8 (twelve_month_profile), on the data of the M8 tests."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.metrics import MetricQuery
from analytics.metrics.forecast_months import twelve_month_profile
from analytics.store import Store
from tests.analytics.fixtures import add_reps, add_targets, at, make_store
from tests.analytics.test_metrics_forecast import (
    add_forecast_rows,
    cover,  # noqa: F401 - the fixture
    months,
)


def _month(frame: pd.DataFrame, scope: str, month: str) -> pd.Series:
    sel = frame[(frame["scope"] == scope) & (frame["month"] == month)]
    assert len(sel) == 1, (scope, month)
    return sel.iloc[0]


def test_each_rep_latest_submission_month_by_month(cover: Store) -> None:  # noqa: F811
    frame = twelve_month_profile(
        cover, MetricQuery(by="rep", as_of=date(2026, 3, 20)), date(2026, 3, 1)
    )
    # a1's March submission: 90 a month against a stretch of 100 -> 0.9 in every month
    a1 = frame[frame["scope"] == "a1"]
    assert list(a1["month"]) == months("2026-03", 12)
    assert list(a1["forecast"]) == [90.0] * 12
    assert a1["cover"].tolist() == pytest.approx([0.9] * 12)
    # b1 submitted only for February (Feb 2026 - Jan 2027): Feb 2027 has a target, no forecast
    b1_feb = _month(frame, "b1", "2027-02")
    assert pd.isna(b1_feb["forecast"]) and pd.isna(b1_feb["cover"])
    assert b1_feb["stretch_target"] == 50
    assert _month(frame, "b1", "2026-03")["cover"] == pytest.approx(60 / 50)


def test_company_adds_reps_before_dividing_and_matches_m8(cover: Store) -> None:  # noqa: F811
    frame = twelve_month_profile(cover, MetricQuery(as_of=date(2026, 3, 20)), date(2026, 3, 1))
    march = _month(frame, "company", "2026-03")
    # (90 + 60) / (100 + 50), not the mean of 0.9 and 1.2
    assert (march["forecast"], march["stretch_target"]) == (150, 150)
    assert march["cover"] == pytest.approx(1.0)
    # the months add up to M8's totals: 12 x 90 + 11 x 60 = 1740 over 12 x 150 = 1800
    assert frame["forecast"].sum() == 1740
    assert frame["stretch_target"].sum() == 1800


def test_a_region_filter_and_no_target() -> None:
    store = make_store()
    add_reps(store, [("c1", "East"), ("d1", "West")])
    add_targets(store, [("rep", "c1", m, 100, 120) for m in months("2026-03", 2)])
    add_forecast_rows(
        store,
        [("c1", "2026-03", at("2026-03-02 08:00"), m, 60) for m in months("2026-03", 12)]
        + [("d1", "2026-03", at("2026-03-02 08:00"), m, 999) for m in months("2026-03", 12)],
    )
    frame = twelve_month_profile(
        store, MetricQuery(regions=("East",), as_of=date(2026, 3, 20)), date(2026, 3, 15)
    )
    assert frame["forecast"].sum() == 12 * 60  # West's d1 is filtered out
    assert _month(frame, "company", "2026-04")["cover"] == pytest.approx(60 / 120)
    # May has a forecast but no target: cover unavailable
    may = _month(frame, "company", "2026-05")
    assert may["forecast"] == 60 and pd.isna(may["cover"])
