"""Scale datasets in the demo organisation's shape, generated inside DuckDB by the demo builder.

200 reps over 4 years of weekly snapshots; the number of deals per rep is set so that the
snapshots table holds about 1M, 3M or 10M rows. Built once and kept in bench/data/ (git-ignored).
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from analytics.demo import build_demo
from analytics.store import Store
from bench.util import WORK

TODAY = date(2026, 11, 27)
N_REPS = 200
YEARS = 4
SIZES = {"1M": 1_000_000, "3M": 3_000_000, "10M": 10_000_000}
# Snapshot rows per deal of a rep, measured on this shape (200 reps, 4 years): a deal shows in
# about this many weekly snapshots, times the reps. Calibrated by `_rows_per_deal`.
_CALIBRATION_DEALS = 100


def _snapshot_rows(path: Path) -> int:
    with Store(path, read_only=True) as store:
        return store.table_counts()["snapshots"]


def _build(path: Path, deals_per_rep: int) -> float:
    if path.exists():
        path.unlink()
    started = time.perf_counter()
    with Store(path) as store:
        build_demo(
            store, seed=7, today=TODAY, n_reps=N_REPS, years=YEARS, deals_per_rep=deals_per_rep
        )
    return time.perf_counter() - started


def _rows_per_deal() -> float:
    path = WORK / "calibration.duckdb"
    _build(path, _CALIBRATION_DEALS)
    rows = _snapshot_rows(path)
    path.unlink()
    return rows / _CALIBRATION_DEALS


def dataset(label: str) -> tuple[Path, int, float | None]:
    """(path, snapshot rows, build seconds or None if it already existed) for a size label."""
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"scale_{label}.duckdb"
    if path.exists():
        return path, _snapshot_rows(path), None
    deals = max(1, round(SIZES[label] / _rows_per_deal()))
    seconds = _build(path, deals)
    return path, _snapshot_rows(path), seconds
