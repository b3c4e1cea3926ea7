"""Time each page's recorded analytics calls against a database, in process.

`python -m bench.replay DB CALLS.pkl [--repeat 5]` prints one JSON object: per page the
median and p95 seconds of the whole set of calls (the first run is a warm-up, as a page's
first visit fills DuckDB's caches), and this process's peak RSS.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pickle
import sys
from pathlib import Path
from typing import Any

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
    out: dict[str, Any] = {"pages": {}}
    with Store(db, read_only=True) as store:
        for name, page in calls.items():
            timing = time_call(name, lambda p=page: run_page(store, p), repeat=repeat)
            out["pages"][name] = {
                "calls": len(page.calls),
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
