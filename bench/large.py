"""`make bench-large`: a history of about 100M snapshot rows on disk, and what it costs to use.

`python -m bench.large [--rows 100000000] [--repeat 3]` builds (once; bench/data/ is
git-ignored) a store in the demo organisation's shape with the demo generator's set-based SQL
(analytics/demo.py: 4 years of weekly snapshots, reps scaled to the size — about 14,000 reps
for 100M rows), then measures, each as its own process with its peak RSS:

- build: the demo build of the whole history with its derived summaries;
- load of one more weekly snapshot: the latest snapshot a week later, as a CSV export, through
  `forecast-desk ingest snapshots` (the goal counts the derived refresh, which runs inside the
  load's transaction), then the same file again with --replace in process, timed by step;
- page analytics: each page's recorded analytics calls (bench.replay), median of --repeat.

A build that exists is reused (`--rebuild` builds it again). Prints one JSON object and a
summary; bench/RESULTS.md's section on 100M rows is written from it by hand with the load
average of the run, because the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb

from bench.loadpath import STEP_CODE, _process
from bench.scale import TODAY, YEARS
from bench.util import ROOT, WORK, fmt_s

# Snapshot rows one rep brings over the 4-year history at the demo's pace (bench.scale measured
# 1,003,710 rows for 140 reps).
ROWS_PER_REP = 7_170

BUILD = (
    "import sys; from pathlib import Path; from datetime import date\n"
    "from analytics.demo import build_demo\n"
    "from analytics.store import Store\n"
    "with Store(Path(sys.argv[1])) as store:\n"
    "    build_demo(store, seed=7, today=date.fromisoformat(sys.argv[2]), "
    "n_reps=int(sys.argv[3]), years=int(sys.argv[4]))\n"
)


def label_of(rows: int) -> str:
    return f"{rows // 1_000_000}M" if rows >= 1_000_000 else str(rows)


def next_week_csv(db: Path) -> Path:
    """The store's latest snapshot moved one week on, as a snapshot export."""
    path = db.with_suffix(".next_week.csv")
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute(
            "COPY (SELECT s.snapshot_date + 7 AS snapshot_date, s.opportunity_id, "
            "s.opportunity_name, s.account, s.rep, d.region, s.stage, s.amount, s.close_date, "
            "s.forecast_category, s.created_date FROM snapshots s JOIN rep_dim d USING (rep) "
            "WHERE s.snapshot_date = (SELECT max(snapshot_date) FROM snapshots) "
            "ORDER BY s.opportunity_id) TO $path (HEADER, DELIMITER ',')",
            {"path": str(path)},
        )
        rows = con.execute("SELECT count(*) FROM snapshots").fetchone()
    finally:
        con.close()
    print(f"store: {rows[0] if rows else 0:,} snapshot rows", file=sys.stderr, flush=True)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.large", description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    label = label_of(args.rows)
    db = WORK / f"large_{label}.duckdb"
    result: dict[str, Any] = {"rows_goal": args.rows, "load_before": os.getloadavg()[0]}
    n_reps = max(4, round(args.rows / ROWS_PER_REP))
    if args.rebuild or not db.exists():
        for p in (db, Path(str(db) + ".wal")):
            p.unlink(missing_ok=True)
        argv_build = [sys.executable, "-c", BUILD, str(db), TODAY.isoformat(), str(n_reps)]
        result["build"] = _process(argv_build + [str(YEARS)], lambda: None)
        result["build"]["reps"] = n_reps
        print(f"build: {fmt_s(result['build']['wall'])}", file=sys.stderr, flush=True)
    con = duckdb.connect(str(db), read_only=True)
    try:
        count = con.execute("SELECT count(*) FROM snapshots").fetchone()
    finally:
        con.close()
    result["rows"] = int(count[0]) if count else 0
    result["db_bytes"] = db.stat().st_size
    csv = next_week_csv(db)
    ingest = [sys.executable, "-m", "analytics", "--db", str(db), "ingest", "snapshots", str(csv)]
    result["load"] = _process(ingest, lambda: None)
    print(f"load of one week: {fmt_s(result['load']['wall'])}", file=sys.stderr, flush=True)
    steps = subprocess.run(
        [sys.executable, "-c", STEP_CODE, str(db), str(csv), "replace"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    result["load_replace_steps"] = json.loads(steps.stdout.strip().splitlines()[-1])
    from bench.__main__ import bench_pages, record_calls

    calls = record_calls()
    result["pages"] = bench_pages(db, calls, args.repeat)
    result["load_after"] = os.getloadavg()[0]
    summary = ", ".join(f"{p} {fmt_s(v['median'])}" for p, v in result["pages"]["pages"].items())
    print(f"pages: {summary}", file=sys.stderr, flush=True)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
