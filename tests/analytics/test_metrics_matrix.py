"""M16 Rep matrix (A/B/C/D) on a hand-checked January, and the CLI."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analytics.metrics import MetricQuery, get_metric
from analytics.metrics.matrix import default_range, rep_matrix
from analytics.settings import Thresholds
from analytics.store import Store
from tests.analytics.fixtures import (
    ALL_TRUE,
    add_bookings,
    add_calls,
    add_reps,
    add_snapshots,
    add_targets,
    at,
    make_store,
)
from tests.conftest import run_cli

MONDAYS = ("2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26")
WEDNESDAYS = ("2026-01-07", "2026-01-14", "2026-01-21", "2026-01-28")
JAN_1, JAN_31 = date(2026, 1, 1), date(2026, 1, 31)
ONE_FALSE = (True, True, True, True, False)


def build(store: Store) -> Store:
    """January 2026, target 1000 each (c1 none). Per week (4 weeks):

    rep        commit  actual  M1      call            commit deal checklist
    a1 North    300     300    1.00    on time         complete every week
    a2 North    125     125    1.00    on time         complete 3 weeks, then one item false
    b1 South    100     250    2.50    2 on time, 2 at 10:00    incomplete every week
    b2 South    200      75    0.375   weeks 1-2 only, on time  no commit deals
    c1 East      50      50    1.00    on time         none (and no target)
    """
    add_reps(store, [("a1", "North"), ("a2", "North"), ("b1", "South"), ("b2", "South")])
    add_reps(store, [("c1", "East")])
    add_targets(store, [("rep", r, "2026-01", 1000, 1200) for r in ("a1", "a2", "b1", "b2")])
    commits = {
        "a1": (300, 300),
        "a2": (125, 125),
        "b1": (100, 250),
        "b2": (200, 75),
        "c1": (50, 50),
    }
    calls, bookings, snaps = [], [], []
    for week, (monday, wednesday) in enumerate(zip(MONDAYS, WEDNESDAYS, strict=True)):
        for rep, (commit, actual) in commits.items():
            late = rep == "b1" and week >= 2
            if not (rep == "b2" and week >= 2):
                calls.append((rep, monday, at(f"{monday} {'10:00' if late else '08:30'}"), commit))
            bookings.append((f"{rep}-{week}", None, rep, wednesday, actual))
        checklist = ONE_FALSE if week == 3 else ALL_TRUE
        snaps += [
            (monday, f"da1-{week}", "a1", 90, 300, "2026-01-30", "commit", ALL_TRUE),
            (monday, f"da2-{week}", "a2", 90, 125, "2026-01-30", "commit", checklist),
            (monday, f"db1-{week}", "b1", 90, 100, "2026-01-30", "commit", ONE_FALSE),
        ]
    add_calls(store, calls)
    add_bookings(store, bookings)
    add_snapshots(store, snaps)
    return store


def missing(value: Any) -> bool:
    return bool(pd.isna(value))


def run(store: Store, **query: Any) -> pd.DataFrame:
    return get_metric("M16").compute(store, MetricQuery(date_from=JAN_1, date_to=JAN_31, **query))


def test_groups_by_rep() -> None:
    frame = run(build(make_store()), by="rep")
    assert list(frame.columns) == ["metric", "scope", "attainment", "discipline", "group"]
    by = frame.set_index("scope")
    # a1: 1200 / 1000; discipline (1 + 1 + 1) / 3 -> A
    assert by.loc["a1", "attainment"] == pytest.approx(1.2)
    assert by.loc["a1", "discipline"] == pytest.approx(1.0)
    assert by.loc["a1", "group"] == "A"
    # a2: 500 / 1000; (hit 4/4 + on time 4/4 + checklist 3/4) / 3 -> B
    assert by.loc["a2", "attainment"] == pytest.approx(0.5)
    assert by.loc["a2", "discipline"] == pytest.approx((1 + 1 + 0.75) / 3)
    assert by.loc["a2", "group"] == "B"
    # b1: 1000 / 1000 (at the threshold counts as high); (0/4 + 2/4 + 0/4) / 3 -> C
    assert by.loc["b1", "attainment"] == pytest.approx(1.0)
    assert by.loc["b1", "discipline"] == pytest.approx(0.5 / 3)
    assert by.loc["b1", "group"] == "C"
    # b2: 300 / 1000; no commit deals, so (0/2 + 2/4) / 2 -> D
    assert by.loc["b2", "discipline"] == pytest.approx(0.25)
    assert by.loc["b2", "group"] == "D"
    # c1 has no target: attainment and group unavailable
    assert missing(by.loc["c1", "attainment"]) and missing(by.loc["c1", "group"])


def test_company_reads_as_rep_and_details() -> None:
    store = build(make_store())
    assert list(run(store)["scope"]) == ["a1", "a2", "b1", "b2", "c1"]
    detail = rep_matrix(store, MetricQuery(by="rep", date_from=JAN_1, date_to=JAN_31)).set_index(
        "scope"
    )
    assert (detail.loc["b2", "accurate_weeks"], detail.loc["b2", "called_weeks"]) == (0, 2)
    assert (detail.loc["b1", "on_time"], detail.loc["b1", "expected"]) == (2, 4)
    assert missing(detail.loc["b2", "checklist_share"])


def test_rolls_up_by_region_and_filters() -> None:
    store = build(make_store())
    by = run(store, by="region").set_index("scope")
    # North: 1700 / 2000; (8/8 + 8/8 + 7/8) / 3 -> B
    assert by.loc["North", "attainment"] == pytest.approx(0.85)
    assert by.loc["North", "discipline"] == pytest.approx((1 + 1 + 7 / 8) / 3)
    assert by.loc["North", "group"] == "B"
    # South: 1300 / 2000; (0/6 + 4/8 + 0/4) / 3 -> D
    assert by.loc["South", "attainment"] == pytest.approx(0.65)
    assert by.loc["South", "discipline"] == pytest.approx(0.5 / 3)
    assert by.loc["South", "group"] == "D"
    south = run(store, by="rep", regions=("South",))
    assert list(south["scope"]) == ["b1", "b2"]


def test_thresholds_come_from_the_settings() -> None:
    strict = build(make_store(thresholds=Thresholds(m16_discipline=0.95)))
    by = run(strict, by="rep").set_index("scope")
    assert by.loc["a1", "group"] == "A"
    assert by.loc["a2", "group"] == "D"  # 0.9167 is below 0.95 now


def test_default_range_is_the_twelve_months_before() -> None:
    q = default_range(MetricQuery(as_of=date(2026, 2, 15)))
    assert (q.date_from, q.date_to) == (date(2025, 2, 1), date(2026, 1, 31))
    q = default_range(MetricQuery(), today=date(2026, 11, 27))
    assert (q.date_from, q.date_to) == (date(2025, 11, 1), date(2026, 10, 31))
    kept = MetricQuery(date_from=JAN_1, date_to=JAN_31)
    assert default_range(kept) == kept


def test_cli_prints_the_matrix(db_path: Path) -> None:
    with Store(db_path) as store:
        build(store)
    done = run_cli("metric", "M16", "--from", "2026-01-01", "--to", "2026-01-31", db=db_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == ["metric", "scope", "attainment", "discipline", "group"]
    assert {r["scope"]: r["group"] for r in rows} == {
        "a1": "A",
        "a2": "B",
        "b1": "C",
        "b2": "D",
        "c1": "",
    }


def test_a_rep_exactly_on_the_discipline_threshold_is_above_it() -> None:
    from analytics.metrics.matrix import group_of

    # discipline = mean(1, 1, 0.4) = 2.4 / 3 = 0.8 exactly on paper, 0.7999999999999999 in floats
    discipline = pd.Series([(1 + 1 + 0.4) / 3, 0.79])
    attainment = pd.Series([1.0, 1.0])
    assert list(group_of(attainment, discipline, 1.0, 0.8)) == ["A", "C"]
