"""M13 quarter linearity and M13v volatility on tiny data, with a fiscal year starting in August."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from analytics.metrics import MetricQuery
from analytics.metrics.linearity import weekly_linearity
from analytics.store import Store
from tests.analytics.fixtures import add_bookings, add_reps, make_store
from tests.analytics.test_metrics_commit import cell, run
from tests.conftest import run_cli

Q1 = "FY2026-Q1"  # 1 January – 31 March 2026: week k = (date − 1 Jan).days // 7 + 1


def _weekly(rep: str, amount: float, first: date, weeks: int) -> list[tuple[object, ...]]:
    return [
        (f"{rep}-{i}", None, rep, (first + timedelta(days=7 * i)).isoformat(), amount)
        for i in range(weeks)
    ]


@pytest.fixture
def quarter() -> Iterator[Store]:
    """a1 books 100 on 30 March (week 13 only); a2 books 10 on 1 Jan, 8 Jan, … 26 Mar (every
    week); b1 books 60 in week 1 and 40 in week 2; c1 books one order of 0."""
    store = make_store()
    add_reps(store, [("a1", "North"), ("a2", "North"), ("b1", "South"), ("c1", "East")])
    add_bookings(
        store,
        [("a1-0", None, "a1", "2026-03-30", 100)]
        + _weekly("a2", 10, date(2026, 1, 1), 13)
        + [("b1-0", None, "b1", "2026-01-02", 60), ("b1-1", None, "b1", "2026-01-09", 40)]
        + [("c1-0", None, "c1", "2026-02-02", 0)],
    )
    yield store
    store.close()


def test_m13_extremes_and_shares(quarter: Store) -> None:
    rep = run(quarter, "M13", by="rep", grain="month")  # the grain is ignored: quarters only
    assert set(rep["period"]) == {Q1}
    # a1: C_1..C_12 = 0, C_13 = 1: Σ|C_k − k/13| = (1 + … + 12) / 13 = 6 -> 1 − 2·6/12 = 0
    assert cell(rep, Q1, "a1") == pytest.approx(0.0)
    assert cell(rep, Q1, "a1", "last_month_share") == pytest.approx(1.0)
    assert cell(rep, Q1, "a1", "last_two_weeks_share") == pytest.approx(1.0)
    # a2: C_k = k/13 -> 1; months Jan 5 weeks (50), Feb 4 (40), Mar 4 (40) of 130
    assert cell(rep, Q1, "a2") == pytest.approx(1.0)
    assert cell(rep, Q1, "a2", "month1_share") == pytest.approx(50 / 130)
    assert cell(rep, Q1, "a2", "month2_share") == pytest.approx(40 / 130)
    assert cell(rep, Q1, "a2", "last_two_weeks_share") == pytest.approx(20 / 130)
    # b1: C_1 = 0.6, C_2.. = 1: Σ = (0.6 − 1/13) + (11 + … + 0)/13 = 0.6 + 65/13 = 5.6
    #     -> 1 − 2·5.6/12 = 0.0667
    assert cell(rep, Q1, "b1") == pytest.approx(1 - 2 * 5.6 / 12)
    # c1 booked a net 0: unavailable
    assert pd.isna(cell(rep, Q1, "c1"))


def test_m13_rolls_up_weekly_bookings_not_indexes(quarter: Store) -> None:
    region = run(quarter, "M13", by="region", grain="quarter")
    # North weekly = a1 + a2 = [10] × 12 + [110], total 230. For k <= 12:
    # |10k/230 − k/13| = 10k/299; Σ_{k=1..12} = 780/299; k = 13: 0.
    # index = 1 − 2·(780/299)/12 = 169/299 = 0.5652 (the mean of 0 and 1 would be 0.5)
    assert cell(region, Q1, "North") == pytest.approx(169 / 299)
    assert cell(region, Q1, "North", "bookings") == 230
    south = run(quarter, "M13", by="company", grain="quarter", regions=("South",))
    assert cell(south, Q1, "company") == pytest.approx(1 - 2 * 5.6 / 12)


def test_m13v_coefficient_of_variation(quarter: Store) -> None:
    rep = run(quarter, "M13v", by="rep", grain="quarter")
    # a2: the same 10 every week -> 0
    assert cell(rep, Q1, "a2") == pytest.approx(0.0)
    # a1: [0]*12 + [100]: mean 100/13; population variance 10000/13 − (100/13)² = 10000·12/169
    #     -> std = 100·√12/13, CV = √12
    assert cell(rep, Q1, "a1") == pytest.approx(math.sqrt(12))
    assert cell(rep, Q1, "a1", "weekly_mean") == pytest.approx(100 / 13)
    assert pd.isna(cell(rep, Q1, "c1"))
    company = run(quarter, "M13v", by="company", grain="quarter", reps=("a1", "a2"))
    # [10]*12 + [110]: mean 230/13; Σx² = 1200 + 12100 = 13300; var = 13300/13 − (230/13)²
    mean = 230 / 13
    std = math.sqrt(13300 / 13 - mean**2)
    assert cell(company, Q1, "company") == pytest.approx(std / mean)


def test_m13_fiscal_year_starting_in_august() -> None:
    store = make_store(fiscal_year_start_month=8)
    add_reps(store, [("r1", "North")])
    # FY2026-Q1 = 1 Aug – 31 Oct 2025 (92 days): 30 on 1 Aug (week 1), 70 on 31 Oct (day 91:
    # week 14 folds into week 13); 5 on 3 Nov 2025 belongs to FY2026-Q2.
    add_bookings(
        store,
        [
            ("o1", None, "r1", "2025-08-01", 30),
            ("o2", None, "r1", "2025-10-31", 70),
            ("o3", None, "r1", "2025-11-03", 5),
        ],
    )
    out = run(store, "M13", by="rep", grain="quarter")
    assert list(out["period"]) == ["FY2026-Q1", "FY2026-Q2"]
    # C_1..C_12 = 0.3, C_13 = 1: Σ_{k=1..3}(0.3 − k/13) + Σ_{k=4..12}(k/13 − 0.3)
    #   = (0.9 − 6/13) + (72/13 − 2.7) = 213/65 -> index = 1 − 2·(213/65)/12 = 177/390
    assert cell(out, "FY2026-Q1", "r1") == pytest.approx(177 / 390)
    assert cell(out, "FY2026-Q1", "r1", "month1_share") == pytest.approx(0.3)  # August
    assert cell(out, "FY2026-Q1", "r1", "last_month_share") == pytest.approx(0.7)  # October
    assert cell(out, "FY2026-Q1", "r1", "last_two_weeks_share") == pytest.approx(0.7)
    store.close()


def test_m13_cli_with_fiscal_year_in_settings_file(db_path: Path) -> None:
    (db_path.parent / "forecast.settings.toml").write_text(
        "[calendar]\nfiscal_year_start_month = 8\n"
    )
    store = Store(db_path)
    add_reps(store, [("r1", "North"), ("r2", "North")])
    add_bookings(store, [("o1", None, "r1", "2025-08-01", 30), ("o2", None, "r2", "2025-10-31", 0)])
    store.close()
    result = run_cli("metric", "M13", "--by", "rep", "--format", "csv", db=db_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["period"] for r in rows] == ["FY2026-Q1", "FY2026-Q1"]
    assert list(rows[0])[:4] == ["metric", "period", "scope", "value"]
    # r1: everything in week 1 -> 0; r2 booked 0 -> an empty cell, not 0
    assert (rows[0]["scope"], float(rows[0]["value"])) == ("r1", 0.0)
    assert (rows[1]["scope"], rows[1]["value"]) == ("r2", "")


def test_weekly_linearity_behind_the_index(quarter: Store) -> None:
    weeks = weekly_linearity(
        quarter, MetricQuery(by="region", regions=("North",)), date(2026, 2, 14)
    )
    assert list(weeks["week"]) == list(range(1, 14))
    assert set(weeks["scope"]) == {"North"}
    # North = a2's 10 a week + a1's 100 in week 13: cumulative 10, 20, … 120, 230
    assert list(weeks["bookings"]) == [10.0] * 12 + [110.0]
    assert list(weeks["cumulative"]) == [10.0 * k for k in range(1, 13)] + [230.0]
    assert weeks["ideal"].iloc[0] == pytest.approx(230 / 13)
    assert weeks["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    assert weeks["week_start"].iloc[12] == pd.Timestamp("2026-03-26")
    assert weekly_linearity(quarter, MetricQuery(), date(2026, 4, 1)).empty
