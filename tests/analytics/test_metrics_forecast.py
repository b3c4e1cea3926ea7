"""M7 forecast accuracy by horizon and M8 twelve-month cover on hand-checked data."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

import pandas as pd
import pytest

from analytics.metrics import MetricQuery, get_metric
from analytics.metrics.forecast import accuracy_by_horizon
from analytics.store import Store
from tests.analytics.fixtures import add_bookings, add_reps, add_targets, at, make_store


def add_forecast_rows(store: Store, rows: Iterable[Sequence[Any]]) -> None:
    """(rep, review 'YYYY-MM', submitted_at, month 'YYYY-MM', forecast[, load_id = 1])."""
    full = []
    for row in rows:
        rep, review, submitted, month, amount, *rest = row
        full.append((rep, f"{review}-01", submitted, f"{month}-01", amount, rest[0] if rest else 1))
    with store.transaction() as cur:
        cur.executemany(
            "INSERT INTO forecasts (rep, review_month, submitted_at, month, forecast, load_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            full,
        )


def months(first: str, count: int) -> list[str]:
    """'2026-03', 3 -> ['2026-03', '2026-04', '2026-05']."""
    start = pd.Period(first, freq="M")
    return [str(start + i) for i in range(count)]


def row(frame: pd.DataFrame, period: str, scope: str, horizon: int | None = None) -> pd.Series:
    sel = (frame["period"] == period) & (frame["scope"] == scope)
    if horizon is not None:
        sel &= frame["horizon"] == horizon
    rows = frame[sel]
    assert len(rows) == 1, f"expected one row for {period}/{scope}/{horizon}, got {len(rows)}"
    return rows.iloc[0]


def run(store: Store, metric: str, **query: Any) -> pd.DataFrame:
    return get_metric(metric).compute(store, MetricQuery(**query))


# -- M7 ---------------------------------------------------------------------------------------
@pytest.fixture
def forecasts() -> Iterator[Store]:
    """Forecasts of March 2026 made 1, 2 and 3 months ahead, and what was booked in March.

    forecast of March   review 03 (h1)  review 02 (h2)  review 01 (h3)   actual March
    a1 North                 100             120             150           110
    a2 North                  50              40              -             60
    b1 South                 200               -              -              0
    b2 South                   0               -              -             25
    """
    store = make_store()
    add_reps(store, [("a1", "North"), ("a2", "North"), ("b1", "South"), ("b2", "South")])
    sub = at("2026-03-02 08:00")
    add_forecast_rows(
        store,
        [
            ("a1", "2026-03", sub, "2026-03", 999, 1),  # replaced by the next load
            ("a1", "2026-03", sub, "2026-03", 100, 2),
            ("a1", "2026-02", sub, "2026-03", 120),
            ("a1", "2026-01", sub, "2026-03", 150),
            ("a2", "2026-03", sub, "2026-03", 50),
            ("a2", "2026-02", sub, "2026-03", 40),
            ("b1", "2026-03", sub, "2026-03", 200),
            ("b2", "2026-03", sub, "2026-03", 0),
            ("a1", "2026-04", sub, "2026-04", 80),  # April has not ended by 04-15
            ("a1", "2025-03", sub, "2026-03", 70),  # 13 months ahead: beyond the horizon
        ],
    )
    add_bookings(
        store,
        [
            ("o1", None, "a1", "2026-03-03", 90),
            ("o2", None, "a1", "2026-03-31", 20),
            ("o3", None, "a2", "2026-03-15", 60),
            ("o4", None, "a2", "2026-03-16", 30, "cancelled"),
            ("o5", None, "b2", "2026-03-20", 25),
        ],
    )
    yield store
    store.close()


def test_m7_by_rep_and_horizon(forecasts: Store) -> None:
    frame = run(forecasts, "M7", by="rep", as_of=date(2026, 4, 15))
    assert list(frame.columns) == [
        "metric",
        "period",
        "scope",
        "value",
        "actual",
        "forecast",
        "horizon",
        "ape",
        "bias",
        "rep_months",
        "status",
    ]
    assert set(frame["period"]) == {"2026-03"}  # April has not ended
    a1 = {h: row(frame, "2026-03", "a1", h) for h in (1, 2, 3)}
    assert a1[1]["value"] == pytest.approx(110 / 100)
    assert a1[1]["ape"] == pytest.approx(10 / 110)  # |110 - 100| / 110
    assert a1[1]["bias"] == -10  # forecast - actual
    assert a1[2]["value"] == pytest.approx(110 / 120)
    assert a1[3]["value"] == pytest.approx(110 / 150)
    assert a1[3]["bias"] == 40
    assert set(frame.loc[frame["scope"] == "a1", "horizon"]) == {1, 2, 3}  # not 13
    b1 = row(frame, "2026-03", "b1", 1)
    assert b1["value"] == 0  # nothing booked against 200
    assert pd.isna(b1["ape"])  # no actual: the percentage error is unavailable
    b2 = row(frame, "2026-03", "b2", 1)
    assert pd.isna(b2["value"])  # forecast 0: accuracy unavailable, never infinite
    assert b2["ape"] == pytest.approx(1.0)  # |25 - 0| / 25


def test_m7_rolls_up_over_reps_with_a_forecast(forecasts: Store) -> None:
    region = run(forecasts, "M7", by="region", as_of=date(2026, 4, 15))
    # North h1: (110 + 60) / (100 + 50); h2: 170 / 160; h3: a2 made no forecast -> 110 / 150
    assert row(region, "2026-03", "North", 1)["value"] == pytest.approx(170 / 150)
    assert row(region, "2026-03", "North", 2)["value"] == pytest.approx(170 / 160)
    assert row(region, "2026-03", "North", 3)["value"] == pytest.approx(110 / 150)
    assert row(region, "2026-03", "North", 3)["rep_months"] == 1
    # South h1: (0 + 25) / (200 + 0)
    assert row(region, "2026-03", "South", 1)["value"] == pytest.approx(25 / 200)
    company = run(forecasts, "M7", as_of=date(2026, 4, 15), grain="quarter")
    # The quarter holds only March: h1 (110 + 60 + 0 + 25) / (100 + 50 + 200 + 0)
    assert row(company, "FY2026-Q1", "company", 1)["value"] == pytest.approx(195 / 350)
    assert row(company, "FY2026-Q1", "company", 1)["ape"] == pytest.approx(155 / 195)
    south = run(forecasts, "M7", regions=("South",), as_of=date(2026, 4, 15))
    assert list(south["horizon"]) == [1]
    assert south.iloc[0]["value"] == pytest.approx(25 / 200)


def test_m7_counts_a_month_once_it_has_ended(forecasts: Store) -> None:
    frame = run(forecasts, "M7", by="rep", as_of=date(2026, 4, 30))
    april = row(frame, "2026-04", "a1", 1)
    assert april["value"] == 0  # 0 booked in April against 80
    assert run(forecasts, "M7", as_of=date(2026, 3, 30)).empty  # March not over yet


def test_accuracy_by_horizon(forecasts: Store) -> None:
    frame = accuracy_by_horizon(forecasts, MetricQuery(as_of=date(2026, 4, 15)))
    by_h = frame.set_index("horizon")
    assert by_h.loc[1, "value"] == pytest.approx(195 / 350)
    assert by_h.loc[2, "value"] == pytest.approx(170 / 160)


# -- M8 ---------------------------------------------------------------------------------------
@pytest.fixture
def cover() -> Iterator[Store]:
    """Stretch targets Mar 2026 - Feb 2027: a1 100 a month, b1 50 a month.

    a1 submits for February (80 a month, Feb 2026 - Jan 2027) and March (90 a month, Mar 2026 -
    Feb 2027); b1 only for February (60 a month, Feb 2026 - Jan 2027).
    """
    store = make_store()
    add_reps(store, [("a1", "North"), ("b1", "South")])
    add_targets(store, [("rep", "a1", m, 90, 100) for m in months("2026-03", 12)])
    add_targets(store, [("rep", "b1", m, 45, 50) for m in months("2026-03", 12)])
    add_forecast_rows(
        store,
        [("a1", "2026-02", at("2026-02-02 08:00"), m, 80) for m in months("2026-02", 12)]
        + [("a1", "2026-03", at("2026-03-02 08:00"), m, 90) for m in months("2026-03", 12)]
        + [("b1", "2026-02", at("2026-02-03 08:00"), m, 60) for m in months("2026-02", 12)],
    )
    yield store
    store.close()


def test_m8_latest_submission_per_rep(cover: Store) -> None:
    frame = run(cover, "M8", by="rep", as_of=date(2026, 3, 20))
    a1 = row(frame, "2026-03", "a1")
    assert a1["value"] == pytest.approx(1080 / 1200)  # 12 x 90 / 12 x 100
    assert a1["status"] == "below"
    assert (a1["target_months"], a1["reps_submitted"], a1["late_reps"]) == (12, 1, 0)
    b1 = row(frame, "2026-03", "b1")
    # b1's latest is February's: 11 of its months (Mar - Jan) fall in Mar 2026 - Feb 2027
    assert b1["forecast"] == 660  # 11 x 60
    assert b1["value"] == pytest.approx(660 / 600)
    assert b1["status"] == "healthy"
    assert b1["late_reps"] == 1


def test_m8_rolls_up_and_filters(cover: Store) -> None:
    company = run(cover, "M8", as_of=date(2026, 3, 20))
    # (1080 + 660) / (1200 + 600)
    assert row(company, "2026-03", "company")["value"] == pytest.approx(1740 / 1800)
    only_a1 = run(cover, "M8", reps=("a1",), as_of=date(2026, 3, 20))
    assert row(only_a1, "2026-03", "company")["value"] == pytest.approx(0.9)


def test_m8_as_of_and_range(cover: Store) -> None:
    # As of 2026-02-15 only the February submissions exist; February has no target, so the
    # a1 cover is over Mar 2026 - Jan 2027: 11 x 80 / 11 x 100.
    early = run(cover, "M8", by="rep", as_of=date(2026, 2, 15))
    assert set(early["period"]) == {"2026-02"}
    assert row(early, "2026-02", "a1")["value"] == pytest.approx(0.8)
    assert row(early, "2026-02", "a1")["target_months"] == 11
    ranged = run(cover, "M8", by="rep", date_from=date(2026, 2, 1), date_to=date(2026, 3, 31))
    assert list(ranged.loc[ranged["scope"] == "a1", "period"]) == ["2026-02", "2026-03"]


def test_m8_unavailable_without_targets() -> None:
    store = make_store()
    add_reps(store, [("c1", "East"), ("d1", "West")])
    add_targets(store, [("rep", "c1", m, 100, 100) for m in months("2026-03", 3)])
    add_forecast_rows(
        store,
        [("c1", "2026-03", at("2026-03-02 08:00"), m, 100) for m in months("2026-03", 12)]
        + [("d1", "2026-03", at("2026-03-02 08:00"), m, 100) for m in months("2026-03", 12)],
    )
    frame = run(store, "M8", by="rep", as_of=date(2026, 3, 20))
    c1 = row(frame, "2026-03", "c1")
    # Only March - May carry a target: 3 x 100 / 3 x 100; all 12 months forecast 1200.
    assert (c1["value"], c1["target_months"], c1["forecast_12m"]) == (1.0, 3, 1200)
    d1 = row(frame, "2026-03", "d1")
    assert pd.isna(d1["value"])
    assert pd.isna(d1["status"])
