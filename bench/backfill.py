"""Backfill benchmark: 100,000 deals over three years of weekly snapshots (about 10M rows).

A Maven-shaped extract (opportunity_id, sales_agent, product, account, deal_stage, engage_date,
close_date, close_value) is generated deterministically inside DuckDB: deals created over the four
years before `TO` (those created before the history starts sit in every one of its 156 weeks),
70% of them closed (55% of those won) 2–26 weeks after they were created, a tenth of the open
ones Prospecting without an engage date. `forecast-desk backfill` is timed as a whole process
(with its peak RSS) against a baseline measured in the same run: bare DuckDB writing the same
date spine joined to the deals into a table (no reading, checks, history replay or summaries).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import duckdb

from bench.util import WORK, Timing, time_process

DEALS = 100_000
REPS = 50
TO = "2026-11-29"  # a Sunday
FROM = "2023-11-26"  # three years (157 Sundays) before it

_EXTRACT_SQL = """
COPY (
    WITH d AS (
        SELECT i,
               DATE '2022-11-29' + CAST(hash(i, 'created') % 1455 AS INTEGER) AS created,
               hash(i, 'closed') % 100 AS closed_roll,
               hash(i, 'won') % 100 AS won_roll,
               14 + CAST(hash(i, 'cycle') % 170 AS INTEGER) AS cycle,
               500 + CAST(hash(i, 'value') % 49500 AS INTEGER) AS value
        FROM range(1, $deals + 1) t(i)
    ),
    s AS (
        SELECT *, created + cycle AS close_day,
               closed_roll < 70 AND created + cycle <= DATE '2026-11-29' AS closed
        FROM d
    )
    SELECT 'BF' || lpad(CAST(i AS VARCHAR), 7, '0') AS opportunity_id,
           'Agent ' || CAST(i % $reps AS VARCHAR) AS sales_agent,
           'GTX Basic' AS product,
           'Account ' || CAST(i % 997 AS VARCHAR) AS account,
           CASE WHEN closed AND won_roll < 55 THEN 'Won' WHEN closed THEN 'Lost'
                WHEN won_roll < 10 THEN 'Prospecting' ELSE 'Engaging' END AS deal_stage,
           CASE WHEN NOT closed AND won_roll < 10 THEN NULL ELSE created END AS engage_date,
           CASE WHEN closed THEN close_day END AS close_date,
           CASE WHEN closed AND won_roll < 55 THEN value WHEN closed THEN 0 END AS close_value
    FROM s ORDER BY i
) TO $path (HEADER, DELIMITER ',')
"""
_TEAMS_SQL = """
COPY (
    SELECT 'Agent ' || CAST(i AS VARCHAR) AS sales_agent, 'Manager ' || CAST(i % 5 AS VARCHAR) AS manager,
           'Region ' || CAST(i % 5 AS VARCHAR) AS regional_office
    FROM range(0, $reps) t(i)
) TO $path (HEADER, DELIMITER ',')
"""
# The baseline: the same spine joined to the same deals, written by bare DuckDB.
_BARE = (
    'import duckdb, sys; con = duckdb.connect(sys.argv[1]); con.execute("CREATE TABLE s AS '
    "WITH d AS (SELECT * FROM read_csv(?, header=true, all_varchar=true)), "
    "w AS (SELECT CAST(range AS DATE) AS day FROM range(DATE '2023-11-26', DATE '2026-11-30', INTERVAL 7 DAY)) "
    "SELECT w.day, d.* FROM d JOIN w ON w.day >= coalesce(TRY_CAST(d.engage_date AS DATE), DATE '2026-11-29')\", "
    "[sys.argv[2]])"
)


def extract() -> tuple[Path, Path]:
    """The generated extract and its sales teams (made once, kept in bench/data)."""
    pipeline = WORK / f"backfill_pipeline_{DEALS}.csv"
    teams = WORK / "backfill_teams.csv"
    WORK.mkdir(parents=True, exist_ok=True)
    if not pipeline.exists() or not teams.exists():
        con = duckdb.connect()
        con.execute(_EXTRACT_SQL, {"deals": DEALS, "reps": REPS, "path": str(pipeline)})
        con.execute(_TEAMS_SQL, {"reps": REPS, "path": str(teams)})
        con.close()
    return pipeline, teams


def command(db: Path, pipeline: Path) -> list[str]:
    return [
        sys.executable, "-m", "analytics", "--db", str(db), "backfill", str(pipeline),
        "--from", FROM, "--to", TO, "--map", "sales_agent=rep", "--map", "close_value=amount",
        "--map", "engage_date=created_date", "--stage", "Engaging=40",
    ]  # fmt: skip


def bench_backfill(repeat: int = 1) -> dict[str, object]:
    """Time the backfill (fresh store with the reps each run) and the bare baseline."""
    pipeline, teams = extract()
    db = WORK / "backfill_target.duckdb"
    bare_db = WORK / "backfill_bare.duckdb"

    def fresh() -> None:
        for p in (db, db.with_suffix(".duckdb.wal"), bare_db):
            p.unlink(missing_ok=True)
        reps = [
            sys.executable, "-m", "analytics", "--db", str(db), "ingest", "reps", str(teams),
            "--map", "sales_agent=rep", "--map", "regional_office=region",
        ]  # fmt: skip
        subprocess.run(reps, check=True, capture_output=True)

    # CPU seconds of the backfill process alone (the setup runs first): on a machine shared with
    # other work the wall time stretches, the CPU time does not.
    runs: list[Timing] = []
    cpu = 0.0
    load = os.getloadavg()[0]
    for _ in range(repeat):
        fresh()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        runs.append(time_process("forecast-desk backfill", command(db, pipeline), repeat=1))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = max(cpu, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    timing = Timing(
        "forecast-desk backfill",
        tuple(r.runs[0] for r in runs),
        max(r.rss_kib for r in runs),
    )
    con = duckdb.connect(str(db), read_only=True)
    row = con.execute(
        "SELECT count(*), count(DISTINCT snapshot_date), count(DISTINCT opportunity_id) FROM snapshots"
    ).fetchone()
    bookings = con.execute("SELECT count(*) FROM bookings").fetchone()
    con.close()
    bare = time_process(
        "bare DuckDB spine join",
        [sys.executable, "-c", _BARE, str(bare_db), str(pipeline)],
        repeat=repeat,
        setup=lambda: bare_db.unlink(missing_ok=True),
    )
    bare_db.unlink(missing_ok=True)
    assert row is not None and bookings is not None
    return {
        "deals": DEALS,
        "repeat": repeat,
        "rows": int(row[0]),
        "weeks": int(row[1]),
        "stored_deals": int(row[2]),
        "bookings": int(bookings[0]),
        "backfill": {
            "median": timing.median,
            "runs": list(timing.runs),
            "rss_kib": timing.rss_kib,
            "cpu_s": cpu,
        },
        "load_average": load,
        "bare": {"median": bare.median, "runs": list(bare.runs), "rss_kib": bare.rss_kib},
    }
