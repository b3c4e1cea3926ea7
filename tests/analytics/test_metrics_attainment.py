"""M18 attainment (month, quarter, year to date) on tiny data, incl. an August fiscal year."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analytics.metrics import MetricQuery
from analytics.metrics.attainment import attainment_over_range, attainment_ytd
from analytics.store import Store
from tests.analytics.fixtures import add_bookings, add_reps, add_targets, make_store
from tests.analytics.test_metrics_commit import cell, run
from tests.conftest import run_cli


def _fill(store: Store) -> None:
    """Targets (stretch): a1 100 (120) and a2 50 (60) a month, Jan–Mar; North has no own row
    (150 / 180); South's own row 200 (250); the company is North + South = 350 (430).
    Actuals: a1 Jan 90, Feb 130 (+1000 cancelled), Mar 100, Apr 10 (no April target);
    a2 Jan 60, Mar 40; b1 Jan 170, Feb 100."""
    add_reps(store, [("a1", "North"), ("a2", "North"), ("b1", "South")])
    months = ("2026-01", "2026-02", "2026-03")
    add_targets(
        store,
        [("rep", "a1", m, 100, 120) for m in months]
        + [("rep", "a2", m, 50, 60) for m in months]
        + [("region", "South", m, 200, 250) for m in months],
    )
    add_bookings(
        store,
        [
            ("o1", None, "a1", "2026-01-15", 90),
            ("o2", None, "a1", "2026-02-10", 130),
            ("o3", None, "a1", "2026-02-11", 1000, "cancelled"),
            ("o4", None, "a1", "2026-03-02", 100),
            ("o5", None, "a1", "2026-04-01", 10),
            ("o6", None, "a2", "2026-01-20", 60),
            ("o7", None, "a2", "2026-03-31", 40),
            ("o8", None, "b1", "2026-01-05", 170),
            ("o9", None, "b1", "2026-02-05", 100),
        ],
    )


@pytest.fixture
def attainment() -> Iterator[Store]:
    store = make_store()
    _fill(store)
    yield store
    store.close()


def test_m18_monthly_per_rep_with_ytd(attainment: Store) -> None:
    rep = run(attainment, "M18", by="rep", grain="month")
    assert list(rep.columns)[:8] == [
        "metric", "period", "scope", "value", "actual", "target", "stretch_attainment",
        "stretch_target",
    ]  # fmt: skip
    assert cell(rep, "2026-01", "a1") == pytest.approx(90 / 100)
    assert cell(rep, "2026-01", "a1", "stretch_attainment") == pytest.approx(90 / 120)
    assert cell(rep, "2026-02", "a1") == pytest.approx(130 / 100)  # cancelled 1000 left out
    # YTD through February: (90 + 130) / (100 + 100); stretch (220) / 240
    assert cell(rep, "2026-02", "a1", "ytd_attainment") == pytest.approx(220 / 200)
    assert cell(rep, "2026-02", "a1", "ytd_stretch_attainment") == pytest.approx(220 / 240)
    # a2 booked nothing in February: 0 / 50 = 0 (a real 0: there is a target)
    assert cell(rep, "2026-02", "a2") == pytest.approx(0.0)
    # April: a1 booked 10 but has no April target -> unavailable, and so is YTD through April
    assert pd.isna(cell(rep, "2026-04", "a1"))
    assert pd.isna(cell(rep, "2026-04", "a1", "ytd_attainment"))
    assert cell(rep, "2026-04", "a1", "ytd_actual") == 330


def test_m18_rolls_up_actuals_and_targets(attainment: Store) -> None:
    region = run(attainment, "M18", by="region", grain="month")
    # North Jan: (90 + 60) / (100 + 50) = 1.0; South's own row: 170 / 200
    assert cell(region, "2026-01", "North") == pytest.approx(1.0)
    assert cell(region, "2026-01", "South") == pytest.approx(170 / 200)
    company = run(attainment, "M18", by="company", grain="quarter")
    # Q1: (320 + 100 + 270) / (300 + 150 + 600) = 690 / 1050; stretch 690 / (360 + 180 + 750)
    assert cell(company, "FY2026-Q1", "company") == pytest.approx(690 / 1050)
    assert cell(company, "FY2026-Q1", "company", "stretch_attainment") == pytest.approx(690 / 1290)
    assert cell(company, "FY2026-Q1", "company", "ytd_attainment") == pytest.approx(690 / 1050)


def test_m18_filters(attainment: Store) -> None:
    # A rep filter narrows the company to that rep's target: Jan 60 / 50
    one = run(attainment, "M18", by="company", grain="month", reps=("a2",))
    assert cell(one, "2026-01", "company") == pytest.approx(60 / 50)
    # A region filter: the company is the selected region's own target: Jan 170 / 200
    south = run(attainment, "M18", by="company", grain="week", regions=("South",))
    assert cell(south, "2026-01", "company") == pytest.approx(170 / 200)


def test_attainment_over_range_and_ytd(attainment: Store) -> None:
    q1 = attainment_over_range(
        attainment, MetricQuery(by="rep", date_from=date(2026, 1, 1), date_to=date(2026, 3, 1))
    ).set_index("scope")
    # a1: (90 + 130 + 100) / 300; a2: (60 + 0 + 40) / 150
    assert q1.loc["a1", "value"] == pytest.approx(320 / 300)
    assert q1.loc["a2", "value"] == pytest.approx(100 / 150)
    # With April (no target for it) the range's target is unavailable
    open_range = attainment_over_range(attainment, MetricQuery(by="rep")).set_index("scope")
    assert pd.isna(open_range.loc["a1", "value"])
    ytd = attainment_ytd(attainment, MetricQuery(by="region"), date(2026, 3, 15)).set_index("scope")
    # North through March: 420 / 450
    assert ytd.loc["North", "ytd_attainment"] == pytest.approx(420 / 450)


def test_m18_fiscal_year_starting_in_august() -> None:
    store = make_store(fiscal_year_start_month=8)
    add_reps(store, [("r1", "North")])
    add_targets(
        store,
        [
            ("rep", "r1", m, 100, 125)
            for m in ("2025-07", "2025-08", "2025-09", "2025-10", "2025-11")
        ],
    )
    add_bookings(
        store,
        [
            ("o0", None, "r1", "2025-07-15", 30),  # FY2025: not in FY2026's year to date
            ("o1", None, "r1", "2025-08-15", 80),
            ("o2", None, "r1", "2025-09-15", 100),
            ("o3", None, "r1", "2025-10-15", 120),
            ("o4", None, "r1", "2025-11-15", 50),
        ],
    )
    quarter = run(store, "M18", by="rep", grain="quarter")
    assert list(quarter["period"]) == ["FY2025-Q4", "FY2026-Q1", "FY2026-Q2"]
    # FY2026-Q1 = Aug–Oct 2025: (80 + 100 + 120) / 300 = 1.0; stretch 300 / 375 = 0.8
    assert cell(quarter, "FY2026-Q1", "r1") == pytest.approx(1.0)
    assert cell(quarter, "FY2026-Q1", "r1", "stretch_attainment") == pytest.approx(0.8)
    month = run(store, "M18", by="rep", grain="month")
    # YTD August = August only (July belongs to FY2025): 80 / 100
    assert cell(month, "2025-08", "r1", "ytd_attainment") == pytest.approx(0.8)
    # YTD November: (80 + 100 + 120 + 50) / 400 = 0.875
    assert cell(month, "2025-11", "r1", "ytd_attainment") == pytest.approx(350 / 400)
    # FY2026-Q2 has only its November target so far: unavailable, not 50 / 100
    assert pd.isna(cell(quarter, "FY2026-Q2", "r1"))
    store.close()


def test_m18_cli_csv_empty_cell_for_null(db_path: Path) -> None:
    store = Store(db_path)
    _fill(store)
    store.close()
    result = run_cli("metric", "M18", "--by", "rep", "--from", "2026-04-01", db=db_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["metric"], r["period"], r["scope"]) for r in rows] == [("M18", "2026-04", "a1")]
    assert rows[0]["value"] == ""  # no April target: unavailable is an empty cell
    assert float(rows[0]["actual"]) == 10
