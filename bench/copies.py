"""A large store made of copies of a smaller one: `python -m bench.copies SOURCE TARGET N`.

The demo generator builds a history in one set-based statement per table, which at 100M
snapshot rows needs more memory than this machine's 24 GiB (its build was stopped by the
kernel at 20.6 GB of RSS after 65 minutes). This builds the same shape from N copies of a
smaller scale store instead: each copy's reps, managers, deals and orders get a suffix (`-k`),
regions stay (each region has N times the reps); rep-level targets, calls and forecasts are
copied with their rep, region- and company-level ones are kept once with their amounts times N.
The data is inserted with a memory limit (`--memory`, spilling to disk beyond it), then the
derived summaries are built the way a store's first refresh builds them
(analytics.derived.materialize), also under the limit. Prints one JSON object: rows, seconds of
each step, peak RSS.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import duckdb

from analytics import derived
from analytics.store import Store
from bench.util import peak_rss_kib

COPY_STATEMENTS: tuple[str, ...] = (
    "INSERT INTO reps SELECT rep || '-' || k, name || ' ' || k, region, "
    "CASE WHEN manager IS NULL THEN NULL ELSE manager || ' ' || k END, tier, active_from, "
    "active_to, source, load_id, region_zh FROM src.reps, range($n) AS c(k)",
    "INSERT INTO snapshots SELECT snapshot_date, opportunity_id || '-' || k, opportunity_name, "
    "account, rep || '-' || k, region, stage, amount, close_date, forecast_category, "
    "created_date, currency, config_final, end_user_signed, channel_signed, discount_approved, "
    "partner_ready, load_id FROM src.snapshots, range($n) AS c(k) ORDER BY snapshot_date",
    "INSERT INTO bookings SELECT order_id || '-' || k, opportunity_id || '-' || k, "
    "rep || '-' || k, booked_date, amount, status, load_id FROM src.bookings, range($n) AS c(k)",
    "INSERT INTO targets SELECT scope_type, scope || '-' || k, month, target, stretch_target, "
    "load_id FROM src.targets, range($n) AS c(k) WHERE scope_type = 'rep'",
    "INSERT INTO targets SELECT scope_type, scope, month, target * $n, stretch_target * $n, "
    "load_id FROM src.targets WHERE scope_type <> 'rep'",
    "INSERT INTO calls SELECT rep || '-' || k, week_start, submitted_at, commit_amount, upside, "
    "month_forecast, month_upside, quarter_forecast, quarter_upside, load_id, scope_type, "
    "CASE WHEN scope IS NULL THEN NULL ELSE scope || '-' || k END, submitted_by, note, "
    "adjustment, late_correction FROM src.calls, range($n) AS c(k) "
    "WHERE coalesce(scope_type, 'rep') = 'rep'",
    "INSERT INTO calls SELECT * FROM src.calls WHERE coalesce(scope_type, 'rep') <> 'rep'",
    "INSERT INTO forecasts SELECT rep || '-' || k, review_month, submitted_at, month, forecast, "
    "upside, load_id, scope_type, CASE WHEN scope IS NULL THEN NULL ELSE scope || '-' || k END, "
    "submitted_by, note FROM src.forecasts, range($n) AS c(k) "
    "WHERE coalesce(scope_type, 'rep') = 'rep'",
    "INSERT INTO forecasts SELECT * FROM src.forecasts WHERE coalesce(scope_type, 'rep') <> 'rep'",
    "INSERT INTO loads SELECT * FROM src.loads",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.copies", description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("copies", type=int)
    parser.add_argument("--memory", default="8GB")
    args = parser.parse_args(argv)
    for p in (args.target, Path(str(args.target) + ".wal")):
        p.unlink(missing_ok=True)
    Store(args.target).close()  # the schema, the derived objects as views of an empty store
    out: dict[str, object] = {"copies": args.copies, "memory_limit": args.memory}
    con = duckdb.connect(str(args.target))
    con.execute("SET memory_limit = $m", {"m": args.memory})
    con.execute("SET preserve_insertion_order = false")
    con.execute("ATTACH $p AS src (READ_ONLY)", {"p": str(args.source)})
    started, cpu = time.perf_counter(), time.process_time()
    for statement in COPY_STATEMENTS:
        params = {"n": args.copies} if "$n" in statement else {}
        con.execute(statement, params)
    con.execute("DETACH src")
    # the next load's id follows the copied ones (as analytics/backup.py does after an import)
    row = con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM loads").fetchone()
    con.execute(f"CREATE OR REPLACE SEQUENCE load_id_seq START {int(row[0]) if row else 1}")
    con.execute("CHECKPOINT")
    out["insert_s"] = time.perf_counter() - started
    out["insert_cpu_s"] = time.process_time() - cpu
    print(f"insert: {out['insert_s']:.1f} s", file=sys.stderr, flush=True)
    started, cpu = time.perf_counter(), time.process_time()
    con.execute("BEGIN TRANSACTION")
    derived.materialize(con)
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    out["derived_s"] = time.perf_counter() - started
    out["derived_cpu_s"] = time.process_time() - cpu
    row = con.execute("SELECT count(*) FROM snapshots").fetchone()
    out["rows"] = int(row[0]) if row else 0
    con.close()
    out["rss_kib"] = peak_rss_kib()
    out["db_bytes"] = args.target.stat().st_size
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
