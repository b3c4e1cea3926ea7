"""M17 Sales velocity on hand-checked deals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pandas as pd
import pytest

from analytics.metrics import MetricQuery, get_metric
from analytics.store import Store
from tests.analytics.fixtures import add_bookings, add_reps, make_store
from tests.analytics.test_metrics_pipeline import add_deals

MAR, APR, MAY, JUN = "2026-03-02", "2026-04-06", "2026-05-04", "2026-06-01"


@pytest.fixture
def deals() -> Iterator[Store]:
    """Evaluated at 2026-06-01; closed deals count when closed in (2025-06-01, 2026-06-01].

    won (bookings)        rep  first booked   amount       created      cycle
      w1                  a1   2026-03-01     600 + 400    2026-01-01   59 days
      w2                  a1   2026-05-01     500          2026-04-01   30 days
      w3                  a1   2025-05-01     900          -            too old
      w4                  b1   2026-02-10     2000         2025-12-12   60 days
      w5                  a2   2026-04-01     300          (none)       no cycle
    lost (snapshots, no booking): w6 a1 03-02 (its only booking was cancelled),
      l1 a1 04-06, l2 b1 05-04, l3 b1 2025-01-06 (too old)
    open at 06-01: a1 3 deals, a2 1, b1 2
    """
    store = make_store()
    add_reps(store, [("a1", "North"), ("a2", "North"), ("b1", "South")])
    rows: list[tuple[Any, ...]] = [
        (MAR, "w1", "a1", 100, 1000, "2026-03-01", "won", "2026-01-01"),
        (MAY, "w2", "a1", 100, 500, "2026-05-01", "won", "2026-04-01"),
        (JUN, "w2", "a1", 100, 500, "2026-05-01", "won", "2026-04-01"),
        (MAR, "w4", "b1", 100, 2000, "2026-02-10", "won", "2025-12-12"),
        (MAR, "w6", "a1", 0, 250, "2026-03-01", "lost", "2026-01-15"),
        (APR, "l1", "a1", 0, 100, "2026-04-01", "lost", "2026-02-01"),
        (MAY, "l1", "a1", 0, 100, "2026-04-01", "lost", "2026-02-01"),
        (MAY, "l2", "b1", 0, 100, "2026-05-01", "lost", "2026-02-01"),
        ("2025-01-06", "l3", "b1", 0, 100, "2025-01-01", "lost", "2024-10-01"),
    ]
    open_deals = {"a1": ("o1", "o2", "o3"), "a2": ("o4",), "b1": ("o5", "o6")}
    for rep, opps in open_deals.items():
        rows += [(JUN, o, rep, 50, 100, "2026-07-01", "pipeline", "2026-05-01") for o in opps]
    add_deals(store, rows)
    add_bookings(
        store,
        [
            ("b1", "w1", "a1", "2026-03-01", 600),
            ("b2", "w1", "a1", "2026-03-20", 400),
            ("b3", "w2", "a1", "2026-05-01", 500),
            ("b4", "w3", "a1", "2025-05-01", 900),
            ("b5", "w4", "b1", "2026-02-10", 2000),
            ("b6", "w5", "a2", "2026-04-01", 300),
            ("b7", "w6", "a1", "2026-03-01", 250, "cancelled"),
            ("b8", None, "a1", "2026-03-05", 700),  # no deal behind it
        ],
    )
    yield store
    store.close()


def missing(value: Any) -> bool:
    return bool(pd.isna(value))


def run(store: Store, **query: Any) -> pd.DataFrame:
    return get_metric("M17").compute(store, MetricQuery(**query))


def test_velocity_by_rep(deals: Store) -> None:
    frame = run(deals, by="rep").set_index("scope")
    a1 = frame.loc["a1"]
    # a1: won w1, w2 and lost w6, l1 -> 0.5; won amount (1000 + 500) / 2 = 750;
    # cycle (59 + 30) / 2 = 44.5 days; 3 open deals -> 3 x 0.5 x 750 / 44.5
    assert (a1["won_deals"], a1["lost_deals"], a1["open_deals"]) == (2, 2, 3)
    assert a1["win_rate"] == pytest.approx(0.5)
    assert a1["avg_won_amount"] == pytest.approx(750)
    assert a1["avg_cycle_days"] == pytest.approx(44.5)
    assert a1["expected_won_amount"] == pytest.approx(1125)
    assert a1["value"] == pytest.approx(1125 / 44.5)
    # b1: 2 open x (1 won / 2 closed) x 2000 / 60 days
    assert frame.loc["b1", "value"] == pytest.approx(2 * 0.5 * 2000 / 60)
    # a2: its one won deal has no created date -> no cycle -> unavailable
    assert missing(frame.loc["a2", "avg_cycle_days"])
    assert missing(frame.loc["a2", "value"])
    assert frame.loc["a2", "win_rate"] == 1.0


def test_velocity_rolls_up_the_factors(deals: Store) -> None:
    north = run(deals, by="region").set_index("scope").loc["North"]
    # North: 4 open; 3 won / 5 closed; (1000 + 500 + 300) / 3 = 600; cycle (59 + 30) / 2
    assert north["win_rate"] == pytest.approx(3 / 5)
    assert north["value"] == pytest.approx(4 * 0.6 * 600 / 44.5)
    company = run(deals).iloc[0]
    # company: 6 open; 4 won / 7 closed; 3800 / 4 = 950; cycle (59 + 30 + 60) / 3
    assert company["value"] == pytest.approx(6 * (4 / 7) * 950 / (149 / 3))
    south = run(deals, regions=("South",)).iloc[0]
    assert south["value"] == pytest.approx(2 * 0.5 * 2000 / 60)


def test_velocity_as_of_and_range(deals: Store) -> None:
    # On 05-04 nobody has an open deal: the velocity is 0, not unavailable.
    may = run(deals, by="rep", as_of=date(2026, 5, 4)).set_index("scope")
    assert may.loc["a1", "open_deals"] == 0
    assert may.loc["a1", "value"] == 0
    assert may.loc["a1", "win_rate"] == pytest.approx(0.5)  # w1, w2 won; w6, l1 lost
    monthly = run(deals, by="rep", date_from=date(2026, 3, 1))
    assert sorted(set(monthly["period"])) == ["2026-03", "2026-04", "2026-05", "2026-06"]
    # As of 2026-06-20 the latest snapshot (06-01) is 19 days old: unavailable, not 0.
    old = run(deals, by="region", as_of=date(2026, 6, 20))
    assert set(old["scope"]) == {"North", "South"}
    assert old["value"].isna().all() and old["open_deals"].isna().all()
