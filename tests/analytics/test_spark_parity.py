"""One SQL, two engines: every derived table and every metric statement gives the same rows on
Spark as on DuckDB (relative tolerance 1e-6), on a small demo exported to a lake.

Marker `spark`. The QUICK tier (part of `make test`) replays each statement of sql/ once, with
the first parameter set the registry or a drill-down binds, and prints M1 and M14 through the
command line's table on both engines; the full tier (`make test-spark`,
FORECAST_DESK_SPARK_FULL=1) replays every parameter set of every scope and grain on the default
demo, and prints M1, M9, M12, M14 and M18. Without pyspark or Java the tests are skipped,
unless FORECAST_DESK_REQUIRE_SPARK is set (CI sets it), when they fail.
"""

from __future__ import annotations

import io
import math
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import redirect_stdout
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analytics.demo import build_demo
from analytics.derived import MACROS, OBJECTS
from analytics.sql import load_sql, sql_names
from analytics.store import Store
from tests.analytics.spark_workload import Call, record_workload

pytestmark = pytest.mark.spark

FULL = bool(os.environ.get("FORECAST_DESK_SPARK_FULL"))
REL_TOL = 1e-6
# Statements of sql/ that never run on Spark, with the reason; every other file must be
# exercised by the parity tests (test_every_sql_file_is_exercised).
NOT_ON_SPARK: dict[str, str] = {
    "schema": "DDL of the DuckDB store; its macros are inlined and its views translated",
    "metrics/m19_open_range": "the M19 backtest's batched read (the backtest runs on DuckDB); "
    "m19_open, which it batches per snapshot, is compared",
    "metrics/m19_closed_range": "the M19 backtest's batched read (the backtest runs on DuckDB); "
    "m19_closed, which it batches per snapshot, is compared",
    "metrics/m20_months": "M20 by horizon (`metric M20 --horizon`) runs on DuckDB only "
    "(docs/scale.md)",
    "regions/names_zh": "the dashboard's display names of regions, read from the DuckDB store",
}
NOT_ON_SPARK_FOLDERS: dict[str, str] = {
    "action_plans/": "writes of the DuckDB store (action plans are edited on the dashboard)",
    "demo/": "demo generator, writes the DuckDB store",
    "ingest/": "file loading into the DuckDB store",
    "loads/": "load log of the DuckDB store",
    "planning/": "target planning, writes the DuckDB store",
    "lake/": "lake export from the DuckDB store",
    "memo/": "results remembered in the DuckDB store per data version (analytics/memo.py)",
    "backfill/": "history rebuilt from an extract, written into the DuckDB store by the loader",
    "rollup/": "manager and region call entry on the dashboard: appends to the DuckDB store and "
    "reads what it just wrote",
    "derived/": "bookkeeping of the DuckDB store's incremental refresh (catalog, fingerprints, "
    "versions, appends); the definitions in OBJECTS and the macros are compared",
}


def _spark_or_skip() -> None:
    missing = []
    try:
        import pyspark  # noqa: F401
    except ImportError:
        missing.append("pyspark (pip install -e '.[spark]')")
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        missing.append("a Java 17 runtime")
    if missing:
        reason = "Spark parity tests need " + " and ".join(missing)
        if os.environ.get("FORECAST_DESK_REQUIRE_SPARK"):
            pytest.fail(reason + " (FORECAST_DESK_REQUIRE_SPARK is set)")
        pytest.skip(reason)


class Lake:
    def __init__(self, store: Store, directory: Path, spark: Any, calls: list[Call]) -> None:
        from analytics.engines.spark import SparkStore

        self.store = store
        self.directory = directory
        self.spark = spark
        self.calls = calls
        self.spark_store = SparkStore(spark, directory)


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lake]:
    _spark_or_skip()
    from analytics.engines.spark import spark_session
    from analytics.lake import export_lake

    root = tmp_path_factory.mktemp("spark")
    store = Store(root / "demo.duckdb")
    if FULL:
        build_demo(store)
    else:
        build_demo(store, n_reps=4, years=1)
    export_lake(store, root / "lake")
    calls = record_workload(store, full=FULL)
    spark = spark_session(os.environ.get("FORECAST_DESK_SPARK_MASTER"))
    yield Lake(store, root / "lake", spark, calls)
    store.close()


def _norm(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date | str | bool):
        return value
    if hasattr(value, "item"):
        return value.item()
    return value


def _rows(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    rows = [tuple(_norm(v) for v in rec) for rec in frame.itertuples(index=False, name=None)]
    return sorted(rows, key=lambda r: tuple((v is None, str(v)) for v in r))


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=1e-9)
    return bool(a == b)


def differences(duck: pd.DataFrame, spark: pd.DataFrame) -> str | None:
    """None when both frames hold the same rows (any order), else what differs first."""
    if list(duck.columns) != list(spark.columns):
        return f"columns {list(duck.columns)} != {list(spark.columns)}"
    if len(duck) != len(spark):
        return f"{len(duck)} rows on DuckDB, {len(spark)} on Spark"
    for i, (a, b) in enumerate(zip(_rows(duck), _rows(spark), strict=True)):
        if not all(_close(x, y) for x, y in zip(a, b, strict=True)):
            return f"row {i}: DuckDB {a} != Spark {b}"
    return None


def _compare(lake: Lake, name: str, text: str, params: dict[str, Any]) -> str | None:
    from analytics.engines.spark import SparkResult, run

    cur = lake.store.cursor()
    try:
        duck = cur.execute(text, params).df()
    finally:
        cur.close()
    try:
        spark = SparkResult(run(lake.spark, text, params)).df()
    except Exception as exc:  # noqa: BLE001 - reported per statement
        return f"{name}: Spark failed: {str(exc).splitlines()[0][:300]}"
    diff = differences(duck, spark)
    return f"{name} {params}: {diff}" if diff else None


def _replay(lake: Lake, jobs: list[tuple[str, str, dict[str, Any]]]) -> list[str]:
    # Several statements at a time: while one is planned on the driver, Spark runs another's jobs.
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda job: _compare(lake, *job), jobs))
    return [r for r in results if r]


def test_every_derived_table_is_the_same_on_both_engines(lake: Lake) -> None:
    jobs = [(f"derived/{n}", load_sql(f"derived/{n}"), {}) for n in OBJECTS]
    assert _replay(lake, jobs) == []


def _workload(lake: Lake) -> list[Call]:
    if FULL:
        return lake.calls
    first: dict[str, Call] = {}
    for call in lake.calls:
        first.setdefault(call.name, call)
    return list(first.values())


def test_every_metric_statement_is_the_same_on_both_engines(lake: Lake) -> None:
    calls = _workload(lake)
    assert len({c.name for c in calls}) >= 27
    failures = _replay(lake, [(c.name, c.text, c.params) for c in calls])
    assert failures == [], "\n".join(failures)


def test_every_sql_file_is_exercised(lake: Lake) -> None:
    """A new statement of sql/ fails here until it is replayed on Spark or listed as DuckDB-only."""
    exercised = {c.name for c in lake.calls} | {f"derived/{n}" for n in OBJECTS}
    exercised |= {f"derived/macros/{n}" for n in MACROS}  # inlined into the statements above
    missing = [
        n
        for n in sql_names()
        if n not in exercised
        and n not in NOT_ON_SPARK
        and not (
            any(n.startswith(f) for f in NOT_ON_SPARK_FOLDERS)
            and not n.startswith(("derived/macros/",))
            and not (n.startswith("derived/") and n.split("/", 1)[1] in OBJECTS)
        )
    ]
    assert missing == [], f"statements of sql/ not exercised on Spark: {missing}"


def _cli_table(store: Any, metric_id: str, **kwargs: Any) -> str:
    from analytics.cli import _print_frame
    from analytics.metrics import MetricQuery, get_metric

    out = io.StringIO()
    with redirect_stdout(out):
        _print_frame(get_metric(metric_id).compute(store, MetricQuery(**kwargs)), "csv")
    return out.getvalue()


# The quick tier prints two of them (their statements are compared above whatever the tier);
# the full tier all five of the list.
CLI_METRICS = ["M1", "M9", "M12", "M14", "M18"] if FULL else ["M1", "M14"]


@pytest.mark.parametrize("metric_id", CLI_METRICS)
def test_metric_prints_the_same_table_on_spark(lake: Lake, metric_id: str) -> None:
    from analytics.snapshot_views import snapshot_dates

    dates = snapshot_dates(lake.store)
    kwargs: dict[str, Any] = {"by": "region"}
    if metric_id == "M12":
        kwargs = {"s0": dates[-5], "s1": dates[-1]}
    duck = _cli_table(lake.store, metric_id, **kwargs)
    assert duck.count("\n") > 1
    assert _cli_table(lake.spark_store, metric_id, **kwargs) == duck
