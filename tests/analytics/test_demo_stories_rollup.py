"""The demo's roll-up story (data/README.md, story 9), as M20 shows it: the careful manager's
haircuts add value, the optimistic manager's uplift subtracts it, and the others pass the sum on.

Built once with seed 7 and today = 2026-11-27 (the README's figures: Feng Lei +1.8 points,
interval +1.4 … +2.2; Cao Yan −2.9 points, interval −4.6 … −1.1). The checks leave a margin: the
sign of the value added and an interval that excludes 0.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest

import analytics.demo as demo
from analytics import rollup
from analytics.metrics import MetricQuery
from analytics.metrics.fva import value_added
from analytics.store import Store
from tests.analytics.fixtures import make_store

TODAY = date(2026, 11, 27)
STORIES = demo.STORIES


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    s = make_store()
    demo.build_demo(s, seed=7, today=TODAY)
    yield s
    s.close()


@pytest.fixture(scope="module")
def by_manager(store: Store) -> pd.DataFrame:
    frame = value_added(store, MetricQuery(by="manager"))
    return frame[frame["level"] == "manager"].set_index("scope")


def test_the_careful_managers_haircut_adds_value(by_manager: pd.DataFrame) -> None:
    careful = by_manager.loc[STORIES.careful_manager]
    assert careful["value"] > 0.005
    assert careful["value_added_low"] > 0 and careful["finding"] == "adds"
    assert careful["weeks"] >= 95  # the complete weeks of the history


def test_the_optimistic_manager_subtracts_value(by_manager: pd.DataFrame) -> None:
    optimist = by_manager.loc[STORIES.optimistic_manager]
    assert optimist["value"] < -0.02
    assert optimist["value_added_high"] < 0 and optimist["finding"] == "subtracts"
    assert optimist["bias"] > 0.03  # the forecast runs high


def test_the_other_managers_pass_the_sum_on(by_manager: pd.DataFrame) -> None:
    others = by_manager.drop([STORIES.careful_manager, STORIES.optimistic_manager])
    assert len(others) == 2
    assert (others["value"].abs() < 1e-9).all()


def test_late_corrections_are_kept_but_do_not_count(store: Store) -> None:
    late = (
        store.cursor()
        .execute(
            "SELECT min(week_start), count(*) FROM calls WHERE late_correction AND scope = $m",
            {"m": STORIES.late_corrector},
        )
        .fetchone()
    )
    assert late is not None and late[1] >= 5
    week = late[0]
    history = rollup.call_history(store, "manager", STORIES.late_corrector, week)
    assert list(history["late_correction"]) == [True, False]
    assert list(history["counts"]) == [False, True]
