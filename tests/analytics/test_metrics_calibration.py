"""M15 Stage calibration on hand-checked deal histories, and the CLI."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analytics.metrics import MetricQuery, get_metric
from analytics.store import Store
from tests.analytics.fixtures import add_reps, add_snapshots, make_store
from tests.conftest import run_cli

S1, S2, S3 = "2026-01-05", "2026-01-12", "2026-01-19"

# Deal histories (stage, amount, category per snapshot) and the observations they give:
#   c1  S1 25 -> S2 50 -> S3 won         (25, won) (50, won)            amount 100
#   c2  S1 50 -> S2 50 -> S3 lost        (50, lost) x2                  amount 200
#   c3  S1 90 -> S2 won                  (90, won)                      amount 300
#   c4  S1 60, still open                no outcome: none
#   c5  S1 10 -> S2 lost                 (10 -> stage 0, lost)          amount  50
#   c6  S1 75 -> S2 omitted              omitted is no outcome: none
#   c7  S1 won                           nothing open before: none
#   c8  S1 lead (0) -> S2 lost           a lead is not open: none
#   c9  b1: S1 80 -> S2 80 -> S3 lost    (80, lost) x2                  amount 500
#   c10 S1 50 -> S2 stage 100 (commit)   (50, won): stage 100 is won    amount 100
ROWS = [
    (S1, "c1", "a1", 25, 100, "2026-02-01", "pipeline"),
    (S2, "c1", "a1", 50, 100, "2026-02-01", "pipeline"),
    (S3, "c1", "a1", 100, 100, "2026-02-01", "won"),
    (S1, "c2", "a1", 50, 200, "2026-02-01", "pipeline"),
    (S2, "c2", "a1", 50, 200, "2026-02-01", "upside"),
    (S3, "c2", "a1", 0, 200, "2026-02-01", "lost"),
    (S1, "c3", "a1", 90, 300, "2026-02-01", "commit"),
    (S2, "c3", "a1", 100, 300, "2026-02-01", "won"),
    (S1, "c4", "a1", 60, 400, "2026-02-01", "upside"),
    (S1, "c5", "a1", 10, 50, "2026-02-01", "pipeline"),
    (S2, "c5", "a1", 0, 50, "2026-02-01", "lost"),
    (S1, "c6", "a1", 75, 80, "2026-02-01", "upside"),
    (S2, "c6", "a1", 75, 80, "2026-02-01", "omitted"),
    (S1, "c7", "a1", 100, 70, "2026-01-02", "won"),
    (S1, "c8", "a1", 0, 60, "2026-02-01", "pipeline"),
    (S2, "c8", "a1", 0, 60, "2026-02-01", "lost"),
    (S1, "c9", "b1", 80, 500, "2026-02-01", "upside"),
    (S2, "c9", "b1", 80, 500, "2026-02-01", "upside"),
    (S3, "c9", "b1", 0, 500, "2026-02-01", "lost"),
    (S1, "c10", "a1", 50, 100, "2026-02-01", "pipeline"),
    (S2, "c10", "a1", 100, 100, "2026-02-01", "commit"),
]
# (p, won) of every observation, for the Brier score.
OBSERVATIONS = [(10, 0), (25, 1), (50, 1), (50, 0), (50, 0), (50, 1), (80, 0), (80, 0), (90, 1)]


@pytest.fixture
def history() -> Iterator[Store]:
    store = make_store()
    add_reps(store, [("a1", "North"), ("b1", "South")])
    add_snapshots(store, ROWS)
    yield store
    store.close()


def missing(value: Any) -> bool:
    return bool(pd.isna(value))


def run(store: Store, **query: object) -> pd.DataFrame:
    return get_metric("M15").compute(store, MetricQuery(**query))  # type: ignore[arg-type]


def test_win_rate_per_ladder_stage(history: Store) -> None:
    frame = run(history)
    assert list(frame.columns) == [
        "metric",
        "stage",
        "observations",
        "won",
        "win_rate",
        "win_rate_amount",
    ]
    assert list(frame["stage"]) == ["0", "25", "50", "60", "70", "80", "90", "brier"]
    by = frame.set_index("stage")
    assert (by.loc["0", "observations"], by.loc["0", "won"]) == (1, 0)  # c5 at 10%
    assert by.loc["25", "win_rate"] == 1.0  # c1
    # 50: c1 won, c2 lost twice, c10 won -> 2 / 4; by amount (100 + 100) / (100 + 400 + 100)
    assert (by.loc["50", "observations"], by.loc["50", "won"]) == (4, 2)
    assert by.loc["50", "win_rate"] == pytest.approx(0.5)
    assert by.loc["50", "win_rate_amount"] == pytest.approx(200 / 600)
    # no observation at 60 or 70: unavailable, not 0
    assert by.loc["60", "observations"] == 0
    assert missing(by.loc["60", "win_rate"]) and missing(by.loc["70", "win_rate_amount"])
    assert by.loc["80", "win_rate"] == 0.0  # c9 twice, lost
    assert by.loc["90", "win_rate"] == 1.0  # c3


def test_brier_score(history: Store) -> None:
    brier = run(history).set_index("stage").loc["brier"]
    # 0.01 + 0.5625 + 4 x 0.25 + 2 x 0.64 + 0.01 = 2.8625 over 9 observations
    expected = sum((p / 100 - won) ** 2 for p, won in OBSERVATIONS) / len(OBSERVATIONS)
    assert expected == pytest.approx(2.8625 / 9)
    assert brier["win_rate"] == pytest.approx(expected)
    assert (brier["observations"], brier["won"]) == (9, 4)
    assert pd.isna(brier["win_rate_amount"])


def test_filters_and_dates(history: Store) -> None:
    north = run(history, regions=("North",)).set_index("stage")
    assert north.loc["80", "observations"] == 0  # c9 belongs to b1 in South
    assert north.loc["brier", "win_rate"] == pytest.approx((2.8625 - 1.28) / 7)
    b1 = run(history, reps=("b1",)).set_index("stage")
    assert b1.loc["brier", "observations"] == 2
    # As of S2 only c3 (won), c5 (lost) and c10 (won) have outcomes: their S1 rows.
    early = run(history, as_of=date(2026, 1, 12)).set_index("stage")
    assert early.loc["brier", "observations"] == 3
    assert early.loc["brier", "won"] == 2
    # Observations from S2 on: c1 at 50 (won), c2 at 50 (lost), c9 at 80 (lost).
    later = run(history, date_from=date(2026, 1, 12)).set_index("stage")
    assert later.loc["50", "observations"] == 2
    assert later.loc["80", "observations"] == 1


def test_empty_store_is_unavailable() -> None:
    frame = run(make_store())
    assert frame["observations"].sum() == 0
    assert frame["win_rate"].isna().all()


def test_cli_prints_calibration(db_path: Path) -> None:
    with Store(db_path) as store:
        add_reps(store, [("a1", "North"), ("b1", "South")])
        add_snapshots(store, ROWS)
    done = run_cli("metric", "M15", db=db_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == [
        "metric",
        "stage",
        "observations",
        "won",
        "win_rate",
        "win_rate_amount",
    ]
    assert rows[-1]["stage"] == "brier"
    assert float(rows[-1]["win_rate"]) == pytest.approx(2.8625 / 9)
    assert rows[3]["stage"] == "60" and rows[3]["win_rate"] == ""  # unavailable prints empty
