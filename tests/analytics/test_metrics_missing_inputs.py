"""A number whose input is missing is empty, never 0 (issue of greatest() and coalesce()).

One rep with calls, bookings, a forecast submission and an open deal — but no targets at all,
and (in the second store) no snapshot. Every ratio that divides by a target, or reads a snapshot,
must then be empty (NaN), and so must the denominator: a 0 would read as "no target left" or
"no pipeline".
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.metrics import get_metric
from analytics.metrics.base import MetricQuery
from tests.analytics.fixtures import (
    add_bookings,
    add_calls,
    add_forecasts,
    add_reps,
    add_snapshots,
    at,
    make_store,
)

Q1 = date(2026, 1, 1)


def _store(with_snapshot: bool = True):  # type: ignore[no-untyped-def]
    store = make_store()
    add_reps(store, [("n1", "North")])
    add_calls(store, [("n1", "2026-01-05", at("2026-01-04 18:00"), 100, 20, 400, 50, 1200, 100)])
    add_bookings(store, [("o1", None, "n1", "2026-01-06", 90)])
    add_forecasts(store, [("n1", "2026-01", at("2026-01-05 08:00"), 500)])
    if with_snapshot:
        add_snapshots(store, [("2026-01-05", "d1", "n1", 60, 700, "2026-02-20", "pipeline")])
    return store


@pytest.mark.parametrize(
    ("metric", "grain", "denominator"),
    [
        ("M2", "quarter", "linear_share"),
        ("M3", "month", "stretch_target"),
        ("M8", "month", "stretch_target"),
        ("M9", "quarter", "remaining_target"),
        ("M18", "quarter", "target"),
    ],
)
def test_no_target_gives_empty_never_0(metric: str, grain: str, denominator: str) -> None:
    query = MetricQuery(grain=grain, date_from=Q1, date_to=Q1, as_of=date(2026, 1, 5))  # type: ignore[arg-type]
    frame = get_metric(metric).compute(_store(), query)
    assert not frame.empty, metric
    row = frame.iloc[0]
    assert pd.isna(row["value"]), (metric, row["value"])
    assert pd.isna(row[denominator]), (metric, denominator, row[denominator])


@pytest.mark.parametrize("metric", ["M5", "M9", "M11", "M17"])
def test_no_snapshot_gives_empty_never_0(metric: str) -> None:
    query = MetricQuery(grain="quarter", date_from=Q1, date_to=Q1, as_of=date(2026, 1, 5))
    frame = get_metric(metric).compute(_store(with_snapshot=False), query)
    assert frame.empty or frame["value"].isna().all(), (metric, frame["value"].tolist())
