"""Scale datasets in the demo organisation's shape, generated inside DuckDB by the demo builder.

4 years of weekly snapshots with the demo's pace of deals per rep; the number of reps is set so
that the snapshots table holds about 1M, 3M or 10M rows (about 140, 415 and 1,380 reps). Built
once and kept in bench/data/ (git-ignored).
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from analytics.demo import build_demo
from analytics.store import Store
from bench.util import WORK

TODAY = date(2026, 11, 27)
CALIBRATION_REPS = 200
YEARS = 4
SIZES = {"1M": 1_000_000, "3M": 3_000_000, "10M": 10_000_000}


def _snapshot_rows(path: Path) -> int:
    with Store(path, read_only=True) as store:
        return store.table_counts()["snapshots"]


def _build(path: Path, n_reps: int) -> float:
    if path.exists():
        path.unlink()
    started = time.perf_counter()
    with Store(path) as store:
        build_demo(store, seed=7, today=TODAY, n_reps=n_reps, years=YEARS)
    return time.perf_counter() - started


def _rows_per_rep() -> float:
    """Snapshot rows one rep brings over the history (the demo's pace), measured once."""
    path = WORK / "calibration.duckdb"
    _build(path, CALIBRATION_REPS)
    rows = _snapshot_rows(path)
    path.unlink()
    return rows / CALIBRATION_REPS


def dataset(label: str) -> tuple[Path, int, float | None]:
    """(path, snapshot rows, build seconds or None if it already existed) for a size label."""
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"scale_{label}.duckdb"
    if path.exists():
        return path, _snapshot_rows(path), None
    n_reps = max(4, round(SIZES[label] / _rows_per_rep()))
    seconds = _build(path, n_reps)
    return path, _snapshot_rows(path), seconds
