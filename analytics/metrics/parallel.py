"""Run the independent queries of one analytics function side by side.

A function that puts several metrics together (the weekly call's table, the rep matrix) asks
DuckDB a handful of independent questions. DuckDB releases the GIL while it plans and runs a
query, and every call takes its own cursor (Store.cursor), so the questions can be asked from a
few threads at once: the function then takes about as long as its slowest questions, not their
sum. Results come back in the order of the tasks, so the combined frame is the same as when the
tasks run one after the other.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

# Threads per function: the machine's cores, at most 4 (DuckDB also runs each query on threads).
WORKERS = max(1, min(4, os.cpu_count() or 1))


def run_all(tasks: Sequence[Callable[[], T]]) -> list[T]:
    """Run the tasks, up to WORKERS at a time; results in task order, the first error raised."""
    if len(tasks) <= 1 or WORKERS == 1:
        return [task() for task in tasks]
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(tasks))) as pool:
        futures = [pool.submit(task) for task in tasks]
        return [future.result() for future in futures]


__all__ = ["WORKERS", "run_all"]
