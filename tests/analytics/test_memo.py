"""Results kept in the store per data version (analytics/memo.py): computed once, handed back
while data, arguments, today's date, settings and code version are unchanged, recomputed after
any of them changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from analytics.backtest import backtest_points, backtest_summary, band_record, quarter_fan
from analytics.memo import data_version, remembered
from analytics.store import Store
from tests.analytics.fixtures import add_bookings, add_reps, add_targets, make_store
from tests.analytics.test_metrics_projection import NOW, _later, _now, _past_quarter


class Counted:
    """A compute function that counts its calls and returns a small typed frame."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> pd.DataFrame:
        self.calls += 1
        return pd.DataFrame({"as_of": [date(2026, 11, 23)], "value": [0.25], "scope": ["company"]})


def _memo_rows(store: Store) -> int:
    row = store.cursor().execute("SELECT count(*) FROM result_memo").fetchone()
    return int(row[0]) if row else 0


def test_computed_once_per_data_version(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s.duckdb")
    add_reps(store, [("r1", "North")])
    compute = Counted()
    first = remembered(store, "f", "1", ("company",), compute)
    second = remembered(store, "f", "1", ("company",), compute)
    assert compute.calls == 1
    pd.testing.assert_frame_equal(first, second)
    assert second.iloc[0]["as_of"] == date(2026, 11, 23) and second.iloc[0]["value"] == 0.25
    before = data_version(store)
    add_bookings(store, [("o1", None, "r1", "2026-11-02", 100)])  # a load: the data changed
    assert data_version(store) != before
    remembered(store, "f", "1", ("company",), compute)
    assert compute.calls == 2
    assert _memo_rows(store) == 1  # the result of the old data version was deleted
    store.close()


def test_arguments_today_settings_and_version_are_part_of_the_key(
    tmp_path: Path, clock: Callable[[str], datetime]
) -> None:
    path = tmp_path / "s.duckdb"
    store = make_store(path)
    add_reps(store, [("r1", "North")])
    compute = Counted()
    remembered(store, "f", "1", ("company",), compute)
    remembered(store, "f", "1", ("region",), compute)  # other arguments
    remembered(store, "f", "2", ("company",), compute)  # another version of the function
    assert compute.calls == 3
    clock("2026-11-28T08:00")  # another day
    remembered(store, "f", "1", ("company",), compute)
    assert compute.calls == 4
    store.close()
    other = make_store(path, fiscal_year_start_month=4)  # other settings, same data
    remembered(other, "f", "1", ("company",), compute)
    assert compute.calls == 5
    other.close()


def test_a_read_only_store_computes_without_remembering(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    make_store(path).close()
    store = Store(path, read_only=True)
    compute = Counted()
    remembered(store, "f", "1", (), compute)
    remembered(store, "f", "1", (), compute)
    assert compute.calls == 2 and _memo_rows(store) == 0
    store.close()


def test_the_band_record_and_the_fan_follow_a_load(tmp_path: Path) -> None:
    # The projection fixture of test_metrics_projection (clock pinned to 2026-11-27): the running
    # quarter FY2026-Q4 has one snapshot (2026-10-05) until _later loads 2026-10-12 and
    # 2026-10-19, so the fan has 1 point, then 3.
    store = make_store(tmp_path / "s.duckdb")
    _past_quarter(store)
    _now(store)
    add_targets(store, [("rep", "r1", m, 500, 600) for m in ("2026-10", "2026-11", "2026-12")])
    fan = quarter_fan(store)
    assert list(fan["as_of"]) == [NOW]
    assert (fan.iloc[0]["p10"], fan.iloc[0]["p90"]) == (300.0, 1300.0)
    again = quarter_fan(store)
    assert list(again["as_of"]) == [NOW] and again.iloc[0]["p90"] == 1300.0
    _later(store)
    weeks = quarter_fan(store)
    assert list(weeks["as_of"]) == [NOW, date(2026, 10, 12), date(2026, 10, 19)]
    # The band record read back from the store equals a fresh replay of the same quarters.
    record = band_record(store)
    remembered_again = band_record(store)
    fresh = backtest_summary(
        backtest_points(store, "M19", "company", date(2025, 10, 1), date(2026, 9, 30))
    )
    pd.testing.assert_frame_equal(remembered_again, record)
    assert list(record["points"]) == list(fresh["points"])
    assert list(record["scope"]) == list(fresh["scope"])
    store.close()
