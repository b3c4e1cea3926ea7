"""Loading a 1M-row snapshot file, clean and messy, against bare DuckDB in the same run.

`python -m bench.loadpath [--rows 1000000] [--repeat 3]` (also part of `make bench`'s load
section in spirit; run alone because it is long on a shared machine). Files, written once into
bench/data/ (git-ignored) from the largest scale dataset present:

- clean: the scale dataset's rows as an export (ISO dates, plain amounts);
- messy: the same rows with currency-formatted amounts ("$1,234.00"), US dates (11/27/2026)
  and a Salesforce report footer.

For each file: bare DuckDB `read_csv` into a table and `forecast-desk ingest snapshots` into a
new store, as whole processes (wall time, CPU time of the process, peak RSS), then one load in
process split by step (prepare, read, parse and check, insert, derived-summary refresh).
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

from bench.util import ROOT, WORK, fmt_s

FOOTER = (
    '\n"Grand Totals ({rows} records)"\n\n"Confidential Information - Do Not Distribute"\n'
    '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
)

# Bare DuckDB: the clean file typed by its own detection; the messy one as text (its detection
# takes the US dates for day/month and stops at row 79,017; the footer has one field a line).
BARE = (
    "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
    'con.execute("CREATE TABLE snapshots AS SELECT * FROM read_csv(?, header=true)", [sys.argv[2]])'
)
BARE_TEXT = (
    "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
    'con.execute("CREATE TABLE snapshots AS SELECT * FROM read_csv(?, header=true, '
    'all_varchar=true, null_padding=true)", [sys.argv[2]])'
)

# One load in process, timed by step (wall, CPU); argv: DB CSV [replace] (without "replace" the
# database is made anew; with it, the file replaces the snapshot it holds).
STEP_CODE = r"""
import json, sys, time
from pathlib import Path
import analytics.ingest.load as L
from analytics.store import Store
steps = {}
def wrap(name, label):
    f = getattr(L, name)
    def w(*a, **k):
        t, c = time.perf_counter(), time.process_time()
        try:
            return f(*a, **k)
        finally:
            w0, c0 = steps.get(label, (0.0, 0.0))
            steps[label] = (w0 + time.perf_counter() - t, c0 + time.process_time() - c)
    setattr(L, name, w)
for name, label in (("prepare_file", "prepare (hash, encoding, lines; Python)"),
                    ("read_into_raw", "read (DuckDB read_csv)"),
                    ("stage_and_check", "parse and check"),
                    ("after_data_change", "derived-summary refresh")):
    wrap(name, label)
db = Path(sys.argv[1])
replace = len(sys.argv) > 3 and sys.argv[3] == "replace"
if not replace:
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
with Store(db) as store:
    t, c = time.perf_counter(), time.process_time()
    report = L.ingest_file(store, "snapshots", Path(sys.argv[2]), replace=replace)
    total = (time.perf_counter() - t, time.process_time() - c)
rest = (total[0] - sum(v[0] for v in steps.values()), total[1] - sum(v[1] for v in steps.values()))
steps["insert, rep match, load log"] = rest
print(json.dumps({"total": total, "steps": steps, "rows": report.rows}))
"""


def clean_csv(rows: int) -> Path:
    from bench.__main__ import load_csv
    from bench.scale import dataset

    for label in ("10M", "3M", "1M"):
        path = WORK / f"scale_{label}.duckdb"
        if path.exists():
            return load_csv(path, rows)
    return load_csv(dataset("1M")[0], rows)


def messy_csv(clean: Path, rows: int) -> Path:
    path = WORK / f"snapshots_{rows}_messy.csv"
    if path.exists():
        return path
    con = duckdb.connect()
    try:
        con.execute(
            "COPY (SELECT strftime(snapshot_date, '%m/%d/%Y') AS \"Snapshot Date\", "
            'opportunity_id AS "Opportunity ID", opportunity_name AS "Opportunity Name", '
            'account AS "Account Name", rep AS "Opportunity Owner", region, stage, '
            "'$' || format('{:,.2f}', amount) AS \"Amount\", "
            "strftime(close_date, '%m/%d/%Y') AS \"Close Date\", "
            'forecast_category AS "Forecast Category", '
            "strftime(created_date, '%m/%d/%Y') AS \"Created Date\" "
            "FROM read_csv($path, header = true)) TO $out (HEADER, DELIMITER ',')",
            {"path": str(clean), "out": str(path)},
        )
    finally:
        con.close()
    with path.open("a", encoding="utf-8") as fh:
        fh.write(FOOTER.format(rows=rows))
    return path


def _process(argv: list[str], setup: Any) -> dict[str, float]:
    setup()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    peak = 0
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while proc.poll() is None:
        try:
            with open(f"/proc/{proc.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.02)
    wall = time.perf_counter() - t
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode:
        raise RuntimeError(err[-2000:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "rss_kib": peak}


def bench_file(csv: Path, repeat: int, bare_code: str = BARE) -> dict[str, Any]:
    db = WORK / "loadpath_target.duckdb"

    def fresh() -> None:
        for p in (db, Path(str(db) + ".wal")):
            p.unlink(missing_ok=True)

    out: dict[str, Any] = {"file": csv.name, "ingest": [], "bare": []}
    ingest = [sys.executable, "-m", "analytics", "--db", str(db), "ingest", "snapshots", str(csv)]
    bare = [sys.executable, "-c", bare_code, str(db), str(csv)]
    for _ in range(repeat):  # alternated, so that both see the same load of the machine
        out["bare"].append(_process(bare, fresh))
        out["ingest"].append(_process(ingest, fresh))
    steps = subprocess.run(
        [sys.executable, "-c", STEP_CODE, str(db), str(csv)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    out["steps"] = json.loads(steps.stdout.strip().splitlines()[-1])
    fresh()
    for key in ("ingest", "bare"):
        for what in ("wall", "cpu"):
            out[f"{key}_{what}"] = statistics.median(r[what] for r in out[key])
    out["ratio_wall"] = out["ingest_wall"] / out["bare_wall"]
    out["ratio_cpu"] = out["ingest_cpu"] / out["bare_cpu"]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadpath", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--files", default="clean,messy", help="clean, messy or both")
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    clean = clean_csv(args.rows)
    messy = messy_csv(clean, args.rows)
    result: dict[str, Any] = {"rows": args.rows, "load_before": os.getloadavg()[0]}
    for label, path, bare in (("clean", clean, BARE), ("messy", messy, BARE_TEXT)):
        if label not in args.files.split(","):
            continue
        r = bench_file(path, args.repeat, bare)
        result[label] = r
        print(
            f"{label}: ingest {fmt_s(r['ingest_wall'])} (CPU {fmt_s(r['ingest_cpu'])}), bare "
            f"{fmt_s(r['bare_wall'])} (CPU {fmt_s(r['bare_cpu'])}): {r['ratio_wall']:.2f}× wall, "
            f"{r['ratio_cpu']:.2f}× CPU; load {os.getloadavg()[0]:.1f}",
            file=sys.stderr,
            flush=True,
        )
    result["load_after"] = os.getloadavg()[0]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
