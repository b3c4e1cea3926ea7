"""The lake and Spark (`python -m bench.lake`; part of `make bench` unless --skip lake).

On the 10M-row scale dataset exported as a lake (analytics/lake.py): DuckDB over the lake reading
one snapshot (partition pruning: files scanned, from EXPLAIN ANALYZE) and every snapshot; then
Spark local over the same lake and the same statements (sql/lake/bench_*.sql, translated by
analytics/engines/spark_sql.py): cold start (session + first query) and warm medians, with the
ratio Spark / DuckDB. Writes its section of bench/RESULTS.md between the lake markers.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import scale
from bench.util import ROOT, WORK, fmt_s

RESULTS = ROOT / "bench" / "RESULTS.md"
BEGIN, END = "<!-- lake: bench/lake.py -->", "<!-- /lake -->"


def _median(fn: Callable[[], object], repeat: int) -> tuple[float, list[float]]:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), runs


def lake_of(label: str) -> tuple[Path, int]:
    from analytics.lake import export_lake, is_lake
    from analytics.store import Store

    db, rows, _ = scale.dataset(label)
    lake = WORK / f"lake_{label}"
    if not is_lake(lake):
        with Store(db, read_only=False) as store:
            export_lake(store, lake)
    return lake, rows


def bench_duckdb(lake: Path, repeat: int) -> dict[str, Any]:
    from analytics.sql import load_sql
    from analytics.store import Store

    store = Store(lake)
    cur = store.cursor()
    latest = cur.execute("SELECT max(snapshot_date) FROM snapshot_index").fetchone()[0]  # type: ignore[index]
    params = {"snapshot_date": latest}
    one = load_sql("lake/bench_latest")
    every = load_sql("lake/bench_all")
    plan = cur.execute("EXPLAIN ANALYZE " + one, params).fetchall()[0][1]
    scanned = re.search(r"Scanning Files:\s*(\d+)/(\d+)", plan)
    t_one, runs_one = _median(lambda: cur.execute(one, params).fetchall(), repeat)
    t_all, runs_all = _median(lambda: cur.execute(every).fetchall(), repeat)
    store.close()
    return {
        "latest": str(latest),
        "files": f"{scanned.group(1)}/{scanned.group(2)}" if scanned else "n/a",
        "one": t_one,
        "all": t_all,
        "runs_one": runs_one,
        "runs_all": runs_all,
    }


def bench_spark(lake: Path, latest: str, repeat: int) -> dict[str, Any]:
    from datetime import date

    from analytics.engines.spark import register_lake, run, spark_session
    from analytics.sql import load_sql

    t0 = time.perf_counter()
    spark = spark_session()
    session_s = time.perf_counter() - t0
    register_lake(spark, lake, tables=("snapshots",))
    params = {"snapshot_date": date.fromisoformat(latest)}
    one = load_sql("lake/bench_latest")
    every = load_sql("lake/bench_all")
    run(spark, one, params).collect()
    cold_s = time.perf_counter() - t0
    plan = run(spark, one, params)._jdf.queryExecution().executedPlan().toString()
    filters = re.search(r"PartitionFilters: \[([^\]]*)\]", plan)
    t_one, runs_one = _median(lambda: run(spark, one, params).collect(), repeat)
    t_all, runs_all = _median(lambda: run(spark, every).collect(), repeat)
    spark.stop()
    return {
        "session": session_s,
        "cold": cold_s,
        "partition_filters": filters.group(1) if filters else "none",
        "one": t_one,
        "all": t_all,
        "runs_one": runs_one,
        "runs_all": runs_all,
    }


def render(
    label: str, rows: int, duck: dict[str, Any], spark: dict[str, Any] | None, command: str
) -> str:
    lines = [
        BEGIN,
        f"## Lake and Spark ({label} scale dataset as a lake, {rows:,} snapshot rows)",
        "",
        f"Produced by `{command}` on {time.strftime('%Y-%m-%d %H:%M')} UTC. The machine has 2 cores"
        " shared with other work (load average "
        f"{_load():.1f} at the end of the run): Spark's numbers especially vary with it.",
        "",
        f"Partition pruning (DuckDB over the lake, snapshot {duck['latest']}): files scanned "
        f"**{duck['files']}** for one snapshot.",
        "",
        "| query | DuckDB over the lake | Spark local[2] | Spark / DuckDB |",
        "|---|---:|---:|---:|",
    ]
    for key, name in (
        ("one", "one snapshot (`sql/lake/bench_latest.sql`)"),
        ("all", "every snapshot (`sql/lake/bench_all.sql`)"),
    ):
        if spark:
            lines.append(
                f"| {name} | {fmt_s(duck[key])} | {fmt_s(spark[key])} | {spark[key] / duck[key]:.1f}× |"
            )
        else:
            lines.append(f"| {name} | {fmt_s(duck[key])} | not run | |")
    if spark:
        lines += [
            "",
            f"Spark cold start: session {fmt_s(spark['session'])}, session + first query "
            f"{fmt_s(spark['cold'])}. Spark's partition filter: `{spark['partition_filters']}`.",
            "Warm medians of 3 runs each.",
        ]
    lines.append(END)
    return "\n".join(lines)


def _load() -> float:
    import os

    return os.getloadavg()[0]


def write_section(text: str, out: Path = RESULTS) -> None:
    current = out.read_text(encoding="utf-8") if out.exists() else "# Benchmark results\n"
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        current = head + text + tail
    else:
        current = current.rstrip("\n") + "\n\n" + text + "\n"
    out.write_text(current, encoding="utf-8")


def main(argv: list[str] | None = None, command: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lake", description=__doc__)
    parser.add_argument("--size", default="10M", choices=sorted(scale.SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-spark", action="store_true", help="DuckDB and pruning only")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    command = command or "python -m bench.lake " + " ".join(argv or sys.argv[1:])
    lake, rows = lake_of(args.size)
    duck = bench_duckdb(lake, args.repeat)
    print(
        f"lake {args.size}: files scanned for one snapshot {duck['files']}; DuckDB one "
        f"{fmt_s(duck['one'])}, all {fmt_s(duck['all'])}",
        flush=True,
    )
    spark = None
    if not args.no_spark:
        spark = bench_spark(lake, duck["latest"], args.repeat)
        print(
            f"Spark: cold {fmt_s(spark['cold'])}, one {fmt_s(spark['one'])}, all {fmt_s(spark['all'])}",
            flush=True,
        )
    write_section(render(args.size, rows, duck, spark, command.strip()), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
