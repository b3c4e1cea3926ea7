"""Record each page's analytics calls by running the page once with Streamlit's AppTest.

The dashboard reaches analytics through two choke points in dashboard/data.py: `metric_frame`
(a metric id and a MetricQuery) and `cached` (an analytics function, called with the store and
its arguments); the metrics an analytics function computes inside are part of that call. Wrapping them while each page runs on the demo database gives the exact set of
analytics calls a page makes with its default filters (each distinct call once, as the cache
would); `bench.replay` then times that set against larger databases without the UI.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STORE = "<store>"
PAGES = ("overview", "weekly", "monthly", "pipeline", "team")


@dataclass
class PageCalls:
    """The analytics calls one page made.

    Each is ('metric', id, (query,), {}) or ('call', 'module:function', args, kwargs) with the
    store replaced by STORE.
    """

    page: str
    calls: list[tuple[str, str, tuple[Any, ...], dict[str, Any]]] = field(default_factory=list)


def record(db: Path, out: Path) -> dict[str, PageCalls]:
    """Run every page on `db` with AppTest and pickle the calls each made to `out`."""
    os.environ["FORECAST_DESK_DB"] = str(db)
    from streamlit.testing.v1 import AppTest

    import dashboard.data as data
    from analytics.store import Store
    from bench.util import ROOT

    current: list[PageCalls] = []
    original_metric_frame = data.metric_frame
    original_cached = data.cached

    def metric_frame(store: Any, key: str, metric_id: str, query: Any) -> Any:
        # A page's metric requests (dashboard.data.metric_frame), each distinct one once, as the
        # cache would; metrics that analytics functions compute inside are theirs, not recorded.
        call = ("metric", metric_id, (query,), {})
        if call not in current[-1].calls:
            current[-1].calls.append(call)
        return original_metric_frame(store, key, metric_id, query)

    def cached(func: Any) -> Any:
        target = f"{func.__module__}:{func.__name__}"

        def recorded(*args: Any, **kwargs: Any) -> Any:
            # The store is replaced by a marker; replay puts the benchmark's store there.
            kept = tuple(STORE if isinstance(a, Store) else a for a in args)
            call = ("call", target, kept, kwargs)
            if call not in current[-1].calls:
                current[-1].calls.append(call)
            return func(*args, **kwargs)

        return recorded

    data.metric_frame = metric_frame  # type: ignore[assignment]
    data.cached = cached  # type: ignore[assignment]
    result: dict[str, PageCalls] = {}
    try:
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300)
        current.append(PageCalls("landing"))  # the first run draws the default page: not counted
        at.run()
        for page in PAGES:
            data.clear_caches()
            current.append(PageCalls(page))
            at.switch_page(f"dashboard/pages/{page}.py").run()
            if at.exception:
                raise RuntimeError(f"page {page}: {[e.value for e in at.exception]}")
            result[page] = current[-1]
    finally:
        data.metric_frame = original_metric_frame  # type: ignore[assignment]
        data.cached = original_cached
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pickle.dumps(result))
    return result
