"""Time each page's recorded analytics calls against a database, in process.

`python -m bench.replay DB CALLS.pkl [--repeat 5]` prints one JSON object: per page the
seconds of its first run after a load (nothing remembered in the store's result_memo; the page's
first visit also fills DuckDB's caches) and the median and p95 seconds of the whole set of
calls over `repeat` runs after it, and this process's peak RSS.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any

from analytics.memo import forget
from analytics.store import Store
from bench.record import STORE, PageCalls
from bench.util import peak_rss_kib, time_call


def resolve(target: str) -> Any:
    """'analytics.module:function' to the function (the pages' own lookup, without the UI)."""
    module_name, _, func_name = target.partition(":")
    return getattr(importlib.import_module(module_name), func_name)


def run_page(store: Store, page: PageCalls) -> None:
    from analytics.metrics import get_metric

    for kind, target, args, kwargs in page.calls:
        if kind == "metric":
            get_metric(target).compute(store, *args)
        else:
            resolve(target)(
                *(store if isinstance(a, str) and a == STORE else a for a in args), **kwargs
            )


def replay(db: Path, calls: dict[str, PageCalls], repeat: int) -> dict[str, Any]:
    """Each page's calls: the first run after a load (nothing remembered), then `repeat` runs.

    The store is opened for writing, as the dashboard opens it, so that the M19 backtests are
    kept per data version (analytics/memo.py); what an earlier run kept is deleted first, so
    the first run of the first page that asks for them pays for computing them.
    """
    out: dict[str, Any] = {"pages": {}}
    with Store(db) as store:
        forget(store)
        for name, page in calls.items():
            started = time.perf_counter()
            run_page(store, page)
            first = time.perf_counter() - started
            timing = time_call(name, lambda p=page: run_page(store, p), repeat=repeat)
            out["pages"][name] = {
                "calls": len(page.calls),
                "first": first,
                "median": timing.median,
                "p95": timing.p95,
                "runs": list(timing.runs),
            }
    out["rss_kib"] = peak_rss_kib()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.replay")
    parser.add_argument("db", type=Path)
    parser.add_argument("calls", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    calls = pickle.loads(args.calls.read_bytes())
    print(json.dumps(replay(args.db, calls, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
