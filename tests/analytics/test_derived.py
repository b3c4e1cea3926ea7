"""Derived summaries (analytics/derived.py): in step with the data after every load and unload.

Three weekly snapshot files are loaded one after the other (each an append), then a middle week
is replaced and loads are removed again; after every step each derived table must equal its
definition recomputed from the data tables. The deal histories are also checked by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from analytics import derived
from analytics.ingest import ingest_file
from analytics.loadlog import unload
from analytics.metrics import MetricQuery, get_metric
from analytics.metrics.pipeline import pipeline_deals
from analytics.store import Store
from tests.analytics.fixtures import add_reps, add_snapshots, make_store

HEADER = "snapshot_date,opportunity_id,rep,stage,amount,close_date,forecast_category,created_date"
# Week 1..3 of January 2026 (Mondays 5, 12, 19). d1 slips a month twice, d2 is won in week 2,
# d3 never changes, d4 appears in week 2 and is lost in week 3, d5 skips week 2.
WEEKS = {
    "2026-01-05": [
        "d1,r1,50,100,2026-02-15,pipeline,2025-12-01",
        "d2,r2,90,200,2026-01-20,commit,2025-11-01",
        "d3,r1,25,50,2026-03-10,upside,",
        "d5,r1,25,80,2026-02-10,pipeline,",
    ],
    "2026-01-12": [
        "d1,r1,50,100,2026-03-01,pipeline,2025-12-01",
        "d2,r2,100,200,2026-01-20,won,2025-11-01",
        "d3,r1,25,50,2026-03-10,upside,",
        "d4,r2,60,300,2026-02-01,pipeline,2026-01-10",
    ],
    "2026-01-19": [
        "d1,r1,70,100,2026-04-01,pipeline,2025-12-01",
        "d3,r1,25,50,2026-03-10,upside,",
        "d4,r2,0,300,2026-02-01,lost,2026-01-10",
        "d5,r1,25,80,2026-03-15,pipeline,",
    ],
}


def _write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _load_week(store: Store, tmp_path: Path, day: str, rows: list[str], **kw: Any) -> int:
    path = _write(tmp_path, f"snap_{day}.csv", [HEADER] + [f"{day},{row}" for row in rows])
    return ingest_file(store, "snapshots", path, **kw).load_id


def _load_reps(store: Store, tmp_path: Path) -> None:
    reps = _write(tmp_path, "reps.csv", ["rep,name,region", "r1,Ann,North", "r2,Bo,South"])
    ingest_file(store, "reps", reps)


def _rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    return sorted(store.cursor().execute(sql).fetchall(), key=repr)


def assert_in_step(store: Store) -> None:
    """Every derived object is a table equal to its definition over the data tables."""
    cur = store.cursor()
    assert derived.is_materialized(cur)
    for name in derived.OBJECTS:
        stored = _rows(store, f"SELECT * FROM {name}")  # noqa: S608 - name from OBJECTS
        fresh = _rows(store, f"SELECT * FROM ({derived.definition(name)}\n)")  # noqa: S608
        assert stored == fresh, name


@pytest.fixture
def loaded(tmp_path: Path) -> Iterator[Store]:
    """A file store with the reps and the three weeks, each loaded on its own."""
    store = Store(tmp_path / "forecast.duckdb")
    _load_reps(store, tmp_path)
    for day, rows in WEEKS.items():
        _load_week(store, tmp_path, day, rows)
    yield store
    store.close()


def test_a_new_store_holds_views_and_a_load_turns_them_into_tables(tmp_path: Path) -> None:
    store = Store(tmp_path / "forecast.duckdb")
    cur = store.cursor()
    assert set(derived.present(cur).values()) == {"view"}
    assert not derived.is_materialized(cur)
    _load_reps(store, tmp_path)
    _load_week(store, tmp_path, "2026-01-05", WEEKS["2026-01-05"])
    assert set(derived.present(store.cursor()).values()) == {"table"}
    assert_in_step(store)


def test_deal_history_by_hand(loaded: Store) -> None:
    rows = _rows(
        loaded,
        "SELECT opportunity_id, idx, previous_close_date, first_close_date, slip_count, "
        "slipped_last, idx - run_start_idx + 1, run_start_date "
        "FROM deal_history WHERE snapshot_date = DATE '2026-01-19'",
    )
    assert rows == [
        # d1: Feb 15 -> Mar 1 (week 2) -> Apr 1 (week 3): two slips, the last against week 2;
        # its stage changed in week 3, so it is unchanged in 1 snapshot since Jan 19.
        ("d1", 3, date(2026, 3, 1), date(2026, 2, 15), 2, True, 1, date(2026, 1, 19)),
        # d3: the same in all three snapshots since Jan 5.
        ("d3", 3, date(2026, 3, 10), date(2026, 3, 10), 0, False, 3, date(2026, 1, 5)),
        # d4: first seen in week 2, lost (stage 0) in week 3: a change, no slip.
        ("d4", 3, date(2026, 2, 1), date(2026, 2, 1), 0, False, 1, date(2026, 1, 19)),
        # d5: absent in week 2; against its row of week 1 it slipped Feb -> Mar, but not against
        # the snapshot just before (it was not in it), and the gap starts a new run.
        ("d5", 3, date(2026, 2, 10), date(2026, 2, 10), 1, False, 1, date(2026, 1, 19)),
    ]


def test_deal_facts_and_calibration_by_hand(loaded: Store) -> None:
    facts = _rows(
        loaded,
        "SELECT opportunity_id, first_seen, created_date, lost_on, lost_rep, outcome_date, "
        "outcome_won FROM deal_facts",
    )
    assert facts == [
        ("d1", date(2026, 1, 5), date(2025, 12, 1), None, None, None, None),
        ("d2", date(2026, 1, 5), date(2025, 11, 1), None, None, date(2026, 1, 12), True),
        ("d3", date(2026, 1, 5), None, None, None, None, None),
        (
            "d4",
            date(2026, 1, 12),
            date(2026, 1, 10),
            date(2026, 1, 19),
            "r2",
            date(2026, 1, 19),
            False,
        ),
        ("d5", date(2026, 1, 5), None, None, None, None, None),
    ]
    # Observations: d2 at 90% in week 1 (won later), d4 at 60% in week 2 (lost later).
    assert _rows(
        loaded,
        "SELECT outcome_date, won, rep, stage, observations, amount FROM calibration_outcomes",
    ) == [
        (date(2026, 1, 12), True, "r2", 90.0, 1, 200),
        (date(2026, 1, 19), False, "r2", 60.0, 1, 300),
    ]


def test_derived_tables_follow_appends_replaces_and_unloads(loaded: Store, tmp_path: Path) -> None:
    assert_in_step(loaded)
    bookings = _write(
        tmp_path,
        "bookings.csv",
        [
            "order_id,opportunity_id,rep,booked_date,amount,status",
            "o1,d2,r2,2026-01-14,200,realized",
        ],
    )
    ingest_file(loaded, "bookings", bookings)
    calls = _write(
        tmp_path,
        "calls.csv",
        ["rep,week_start,submitted_at,commit", "r1,2026-01-12,2026-01-12 08:00,90"],
    )
    calls_id = ingest_file(loaded, "calls", calls).load_id
    assert_in_step(loaded)
    # Replace the middle week: d3 changes its amount, so it is no longer unchanged since Jan 5.
    middle = [r.replace("d3,r1,25,50,", "d3,r1,25,55,") for r in WEEKS["2026-01-12"]]
    middle_id = _load_week(loaded, tmp_path, "2026-01-12", middle, replace=True)
    assert_in_step(loaded)
    assert _rows(
        loaded,
        "SELECT idx - run_start_idx + 1 FROM deal_history "
        "WHERE opportunity_id = 'd3' AND snapshot_date = DATE '2026-01-19'",
    ) == [(1,)]  # 55 in week 2, 50 again in week 3: a new run of 1
    unload(loaded, calls_id)  # no snapshot changes
    unload(loaded, middle_id)  # week 2 gone: week 3 follows week 1 directly
    assert_in_step(loaded)
    assert loaded.cursor().execute(
        "SELECT snapshot_date, idx FROM snapshot_index ORDER BY 1"
    ).fetchall() == [
        (date(2026, 1, 5), 1),
        (date(2026, 1, 19), 2),
    ]


def test_metrics_agree_on_views_and_tables() -> None:
    """A store written with SQL reads views; refreshing it gives tables with the same numbers."""
    store = make_store()
    add_reps(store, [("r1", "North"), ("r2", "South")])
    add_snapshots(
        store,
        [(f"2026-01-{d:02d}", "a", "r1", 50, 100, "2026-02-20", "pipeline") for d in (5, 12, 19)]
        + [("2026-01-12", "b", "r2", 90, 40, "2026-01-30", "commit")]
        + [("2026-01-19", "b", "r2", 90, 40, "2026-03-02", "commit")],
    )
    query = MetricQuery(by="rep", as_of=date(2026, 1, 19))
    assert set(derived.present(store.cursor()).values()) == {"view"}
    before = (get_metric("M11").compute(store, query), pipeline_deals(store, query))
    with store.transaction() as cur:
        derived.refresh(cur)
    assert derived.is_materialized(store.cursor())
    after = (get_metric("M11").compute(store, query), pipeline_deals(store, query))
    for a, b in zip(before, after, strict=True):
        assert a.equals(b)
    # b slipped from January to March between the last two snapshots; a is unchanged in 3.
    deals = after[1].set_index("opportunity_id")
    assert deals.loc["b", "slipped_last"] and deals.loc["a", "unchanged_snapshots"] == 3


def test_an_outdated_store_is_rebuilt_when_opened(loaded: Store) -> None:
    path = loaded.path
    with loaded.transaction() as cur:
        cur.execute("UPDATE schema_meta SET value = 'old' WHERE key = 'derived_version'")
        cur.execute("DROP TABLE deal_history")
    loaded.close()
    with Store(path) as store:
        assert derived.version(store.cursor()) == derived.DERIVED_VERSION
        assert_in_step(store)
