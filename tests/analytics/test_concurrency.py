"""Concurrent use in one process: 8 threads run page analytics while another thread loads and
unloads a snapshot file over and over. No errors, and every reader sees a load whole or not at all."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import duckdb
import pytest

from analytics.demo import build_demo
from analytics.ingest import ingest_file
from analytics.loadlog import unload
from analytics.metrics import MetricQuery, get_metric
from analytics.store import Store

TODAY = date(2026, 11, 27)
EXTRA_DATE = date(2026, 11, 30)  # a Monday after the demo's last snapshot
READERS = 8
ROUNDS = 5

PAGE_METRICS = (
    ("M1", MetricQuery(by="region", grain="week")),
    ("M4", MetricQuery(by="region", grain="month")),
    ("M9", MetricQuery(by="region", grain="quarter")),
    ("M10", MetricQuery(by="company", grain="month")),
    ("M13", MetricQuery(by="region", grain="quarter")),
    ("M18", MetricQuery(by="rep", grain="month")),
)


@pytest.fixture
def loaded_store(tmp_path: Path) -> tuple[Store, Path, int]:
    store = Store(tmp_path / "c.duckdb")
    build_demo(store, seed=5, today=TODAY, n_reps=24, years=1)
    csv = tmp_path / "extra_snapshot.csv"
    cur = store.cursor()
    cur.execute(
        "COPY (SELECT DATE '2026-11-30' AS snapshot_date, s.opportunity_id, s.rep, d.region, s.stage, "
        "s.amount, s.close_date, s.forecast_category FROM snapshots s JOIN rep_dim d USING (rep) "
        "WHERE s.snapshot_date = (SELECT max(snapshot_date) FROM snapshots)) TO $path (HEADER)",
        {"path": str(csv)},
    )
    row = cur.execute("SELECT count(*) FROM read_csv($p)", {"p": str(csv)}).fetchone()
    assert row is not None and row[0] > 100
    return store, csv, int(row[0])


def test_readers_see_each_load_whole_while_it_is_loaded_and_unloaded(
    loaded_store: tuple[Store, Path, int],
) -> None:
    store, csv, rows = loaded_store
    errors: list[BaseException] = []
    seen: set[tuple[int, int]] = set()
    stop = threading.Event()
    saw_loaded = threading.Event()

    def reader() -> None:
        try:
            while not stop.is_set():
                for metric_id, query in PAGE_METRICS:
                    frame = get_metric(metric_id).compute(store, query)
                    assert len(frame) > 0
                cur = store.cursor()
                try:
                    state = cur.execute(
                        "SELECT (SELECT count(*) FROM snapshots WHERE snapshot_date = $d), "
                        "(SELECT count(*) FROM loads WHERE snapshot_date = $d)",
                        {"d": EXTRA_DATE},
                    ).fetchone()
                finally:
                    cur.close()
                assert state is not None
                seen.add((int(state[0]), int(state[1])))
                if state[1]:
                    saw_loaded.set()
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(READERS)]
    for t in threads:
        t.start()
    try:
        for _ in range(ROUNDS):
            saw_loaded.clear()
            report = ingest_file(store, "snapshots", csv)
            assert report.rows == rows
            # let the readers see the load before it goes again
            assert saw_loaded.wait(timeout=60), "no reader saw the load"
            unload(store, report.load_id)
    except duckdb.Error as exc:  # pragma: no cover - shown as the failure
        errors.append(exc)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=120)
    store.close()
    assert not errors, errors[:3]
    # every observation is "not there" or "all of it, with its log row", never a part
    assert seen <= {(0, 0), (rows, 1)}, seen
    assert seen == {(0, 0), (rows, 1)}, seen
