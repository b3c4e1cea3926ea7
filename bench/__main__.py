"""`make bench` (`python -m bench`): load, analytics, pandas baseline, memory and browser timings.

Every timing is reported with a ratio against a baseline measured in the same run: bare DuckDB
`read_csv` for loading, a pandas group-by implementation for the analytics, linear growth for
scale. Results are printed and written to bench/RESULTS.md with the command that produced them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from bench import scale
from bench.backfill import FROM, TO, bench_backfill
from bench.util import ROOT, WORK, Timing, fmt_mib, fmt_s, time_process

RESULTS = ROOT / "bench" / "RESULTS.md"


def machine() -> dict[str, str]:
    import pandas
    import plotly
    import streamlit

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cores": str(os.cpu_count()),
        "memory": f"{mem:.0f} GiB",
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pandas.__version__,
        "streamlit": streamlit.__version__,
        "plotly": plotly.__version__,
    }


# -- loading ------------------------------------------------------------------------------------
def load_csv(source_db: Path, rows: int) -> Path:
    """A `rows`-row snapshot CSV exported from a scale database (reps named with their region)."""
    path = WORK / f"snapshots_{rows}.csv"
    if path.exists():
        return path
    con = duckdb.connect(str(source_db), read_only=True)
    try:
        con.execute(
            "COPY (SELECT s.snapshot_date, s.opportunity_id, s.opportunity_name, s.account, s.rep, "
            "d.region, s.stage, s.amount, s.close_date, s.forecast_category, s.created_date "
            "FROM snapshots s JOIN rep_dim d USING (rep) ORDER BY s.snapshot_date, s.opportunity_id "
            "LIMIT $n) TO $path (HEADER, DELIMITER ',')",
            {"n": rows, "path": str(path)},
        )
    finally:
        con.close()
    return path


def bench_load(csv: Path, repeat: int) -> dict[str, Timing]:
    db = WORK / "load_target.duckdb"

    def fresh() -> None:
        for p in (db, db.with_suffix(".duckdb.wal")):
            p.unlink(missing_ok=True)

    bare_code = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
        'con.execute("CREATE TABLE snapshots AS SELECT * FROM read_csv(?, header=true)", [sys.argv[2]])'
    )
    ingest = time_process(
        "forecast-desk ingest",
        [sys.executable, "-m", "analytics", "--db", str(db), "ingest", "snapshots", str(csv)],
        repeat=repeat,
        setup=fresh,
    )
    bare = time_process(
        "bare DuckDB read_csv",
        [sys.executable, "-c", bare_code, str(db), str(csv)],
        repeat=repeat,
        setup=fresh,
    )
    fresh()
    return {"ingest": ingest, "bare": bare}


# -- analytics ------------------------------------------------------------------------------------
def record_calls() -> Path:
    """Each page's analytics calls, recorded on the standard demo database."""
    out = WORK / "page_calls.pkl"
    demo = WORK / "record_demo.duckdb"
    if demo.exists():
        demo.unlink()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "analytics",
            "--db",
            str(demo),
            "demo",
            "--today",
            scale.TODAY.isoformat(),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    code = "from pathlib import Path; from bench.record import record; import sys; record(Path(sys.argv[1]), Path(sys.argv[2]))"
    subprocess.run(
        [sys.executable, "-c", code, str(demo), str(out)], cwd=ROOT, check=True, capture_output=True
    )
    return out


def _json_process(argv: list[str]) -> dict[str, Any]:
    out = subprocess.run(argv, cwd=ROOT, check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def bench_pages(db: Path, calls: Path, repeat: int) -> dict[str, Any]:
    return _json_process(
        [sys.executable, "-m", "bench.replay", str(db), str(calls), "--repeat", str(repeat)]
    )


def bench_overview_set(db: Path, repeat: int) -> dict[str, Any]:
    """The project computing the same metric set as the pandas baseline (company, all periods)."""
    code = (
        "import json, sys, time, statistics\n"
        "from analytics.store import Store\n"
        "from analytics.metrics import MetricQuery, get_metric\n"
        "from bench.util import peak_rss_kib\n"
        "s = Store(sys.argv[1], read_only=True)\n"
        "def once():\n"
        "    for mid, g in (('M1','week'),('M4','month'),('M13','quarter'),('M18','quarter'),('M10','month')):\n"
        "        get_metric(mid).compute(s, MetricQuery(by='company', grain=g))\n"
        "runs = []\n"
        "for _ in range(int(sys.argv[2])):\n"
        "    t = time.perf_counter(); once(); runs.append(time.perf_counter() - t)\n"
        "print(json.dumps({'median': statistics.median(runs), 'runs': runs, 'rss_kib': peak_rss_kib()}))\n"
    )
    return _json_process([sys.executable, "-c", code, str(db), str(repeat)])


def bench_pandas(db: Path, repeat: int, check: bool) -> dict[str, Any]:
    argv = [sys.executable, "-m", "bench.pandas_baseline", str(db), "--repeat", str(repeat)]
    return _json_process(argv + (["--check"] if check else []))


def bench_projection(db: Path, repeat: int) -> dict[str, Any]:
    return _json_process(
        [sys.executable, "-m", "bench.projection", str(db), "--repeat", str(repeat)]
    )


def bench_browser(repeat: int) -> dict[str, Any]:
    db = WORK / "browser_demo.duckdb"
    if db.exists():
        db.unlink()
    subprocess.run(
        [sys.executable, "-m", "analytics", "--db", str(db), "demo"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return _json_process([sys.executable, "-m", "bench.browser", str(db), "--repeat", str(repeat)])


# -- report -------------------------------------------------------------------------------------
def render(results: dict[str, Any], command: str) -> str:
    m = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `{command}` on {results['when']}.",
        "",
        f"Machine: {m['cores']} cores, {m['memory']} memory ({m['cpu']}); Python {m['python']}, "
        f"DuckDB {m['duckdb']}, pandas {m['pandas']}, Streamlit {m['streamlit']}, Plotly {m['plotly']}.",
        "",
    ]
    if "datasets" in results:
        lines += [
            "## Scale datasets (demo shape, 4 years of weekly snapshots, reps scaled to the size)",
            "",
            "| size | snapshot rows | build |",
            "|---|---:|---:|",
        ]
        for label, d in results["datasets"].items():
            built = fmt_s(d["build_s"]) if d["build_s"] is not None else "(reused)"
            lines.append(f"| {label} | {d['rows']:,} | {built} |")
        lines.append("")
    if "load" in results:
        ld = results["load"]
        ratio = ld["ingest"]["median"] / ld["bare"]["median"]
        lines += [
            f"## Loading a {ld['rows']:,}-row snapshot CSV (whole processes, median of {ld['repeat']})",
            "",
            "| path | median | runs | peak RSS |",
            "|---|---:|---|---:|",
            f"| `forecast-desk ingest snapshots` | {fmt_s(ld['ingest']['median'])} | "
            f"{', '.join(fmt_s(r) for r in ld['ingest']['runs'])} | {fmt_mib(ld['ingest']['rss_kib'])} |",
            f"| bare DuckDB `read_csv` into a table | {fmt_s(ld['bare']['median'])} | "
            f"{', '.join(fmt_s(r) for r in ld['bare']['runs'])} | {fmt_mib(ld['bare']['rss_kib'])} |",
            "",
            f"Ratio ingest / bare: **{ratio:.2f}×** (goal ≤ 1.5×).",
            "",
        ]
    if "pages" in results:
        sizes = list(results["pages"])
        pages = list(results["pages"][sizes[0]]["pages"])
        lines += [
            f"## Page analytics in process (each page's recorded calls; median / p95 of {results['repeat']}, "
            "then the first run after a load)",
            "",
            "| page | calls | "
            + " | ".join(sizes)
            + " | growth "
            + f"{sizes[0]}→{sizes[-1]}"
            + " | first run after a load: "
            + ", ".join(sizes)
            + " |",
            "|---|---:|" + "---:|" * len(sizes) + "---:|---:|",
        ]
        rows_ratio = results["datasets"][sizes[-1]]["rows"] / results["datasets"][sizes[0]]["rows"]
        for page in pages:
            cells = []
            for size in sizes:
                p = results["pages"][size]["pages"][page]
                cells.append(f"{fmt_s(p['median'])} / {fmt_s(p['p95'])}")
            first = results["pages"][sizes[0]]["pages"][page]["median"]
            last = results["pages"][sizes[-1]]["pages"][page]["median"]
            growth = f"{last / first:.1f}× (rows {rows_ratio:.1f}×)" if first > 0 else "n/a"
            calls = results["pages"][sizes[0]]["pages"][page]["calls"]
            firsts = ", ".join(
                fmt_s(results["pages"][size]["pages"][page].get("first", float("nan")))
                for size in sizes
            )
            lines.append(f"| {page} | {calls} | " + " | ".join(cells) + f" | {growth} | {firsts} |")
        lines += [
            "",
            "Goal: at most 0.3 s per page at 10M rows, growing no faster than the rows. The first "
            "run after a load computes what the store keeps per data version (the M19 backtests of "
            "the Overview, which the Weekly page then reads).",
            "Peak RSS of the analytics process: "
            + ", ".join(f"{s} {fmt_mib(results['pages'][s]['rss_kib'])}" for s in sizes)
            + " (goal ≤ 1 GB at 10M).",
            "",
        ]
    if "baseline" in results:
        lines += [
            "## Against a pandas dashboard (Overview metric set: M1 by week, M4 by month, M13 and M18 by "
            "quarter, M10 by month; company-wide, all periods)",
            "",
            "| size | project | pandas (read tables + groupby) | speed-up | project RSS | pandas RSS | spot check |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for size, b in results["baseline"].items():
            ours, theirs = b["project"], b["pandas"]
            check = theirs.get("spot_check")
            check_text = "agree" if check == [] else ("; ".join(check) if check else "not run")
            lines.append(
                f"| {size} | {fmt_s(ours['median'])} | {fmt_s(theirs['median'])} | "
                f"**{theirs['median'] / ours['median']:.0f}×** | {fmt_mib(ours['rss_kib'])} | "
                f"{fmt_mib(theirs['rss_kib'])} | {check_text} |"
            )
        lines += ["", "Goal: the project at least 10× faster at 10M rows.", ""]
    if "browser" in results:
        br = results["browser"]
        lines += [
            "## Browser (demo database, headless Chromium)",
            "",
            f"- server start to healthy: {fmt_s(br['server_start'])}",
            f"- cold first render of the Overview: {fmt_s(br['cold_overview'])}",
            "",
            "| page | warm filter change, median | max |",
            "|---|---:|---:|",
        ]
        for page, w in br["warm_filter_change"].items():
            lines.append(f"| {page} | {fmt_s(w['median'])} | {fmt_s(w['max'])} |")
        lines += ["", "Goal: at most 1.5 s for a warm redraw (a region picked, then cleared).", ""]
    if "projection" in results:
        lines += render_projection(results).splitlines()
    if "backfill" in results:
        lines += render_backfill(results["backfill"]).splitlines()
    if "first_visit" in results:
        lines += render_first_visit(results["first_visit"]).splitlines()
    return "\n".join(lines) + "\n"


PROJECTION_TITLE = "## M19 quarter projection"


def render_projection(results: dict[str, Any], command: str | None = None) -> str:
    """The M19 section; with `command`, it says which run produced it (a run of its own)."""
    pr = results["projection"]
    lines = [
        f"{PROJECTION_TITLE} (latest snapshot; median of {results['repeat']}) "
        "and its backtest over 52 weekly snapshots (company)",
        "",
    ]
    if command:
        lines += [f"Produced by `{command}` on {results['when']}.", ""]
    lines += [
        "| size | M19 company (CPU) | M19 one region | M9 same snapshot (baseline) | ratio "
        "company / M9 | backtest 52 weeks (CPU; load average) | inside P10-P90 | "
        "WAPE P50 / weighted |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, r in pr.items():
        b = r["backtest"]
        lines.append(
            f"| {label} | {fmt_s(r['m19']['median'])} ({fmt_s(r['m19']['cpu'])}) | "
            f"{fmt_s(r['m19_region']['median'])} | "
            f"{fmt_s(r['m9']['median'])} | "
            f"{r['m19']['median'] / r['m9']['median']:.1f}× | {fmt_s(b['seconds'])} "
            f"({fmt_s(b['cpu'])}; {b['load']:.0f}) | {b['inside_p10_p90']:.0%} | "
            f"{b['wape_p50']:.1%} / {b['wape_weighted']:.1%} |"
        )
    lines += [
        "",
        "Goals: the projection ≤ 0.5 s and the year's backtest ≤ 30 s at 10M rows.",
        "",
    ]
    return "\n".join(lines) + "\n"


FIRST_VISIT_TITLE = "## First visit per page: cold server against a warmed one (headless Chromium)"


def bench_first_visit() -> dict[str, Any]:
    """bench/first_visit.py on a fresh demo database (a new server per cold page)."""
    db = WORK / "first_visit_demo.duckdb"
    if db.exists():
        db.unlink()
    subprocess.run(
        [sys.executable, "-m", "analytics", "--db", str(db), "demo"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return _json_process([sys.executable, "-m", "bench.first_visit", str(db)])


def render_first_visit(fv: dict[str, Any], command: str | None = None, when: str = "") -> str:
    """The first-visit section; with `command`, it says which run produced it."""
    lines = [FIRST_VISIT_TITLE, ""]
    if command:
        lines += [f"Produced by `{command}` on {when}.", ""]
    lines += [
        f"Load average (1 min) {fv['load_before']:.1f} before, {fv['load_after']:.1f} after, "
        f"on {os.cpu_count()} cores. Warm-up (`python -m dashboard.warm`, all five pages): "
        f"{fmt_s(fv['warm_up']['total'])}.",
        "",
        "| page | server start | cold first render | warmed first render | warmed / cold |",
        "|---|---:|---:|---:|---:|",
    ]
    for page, cold in fv["cold"].items():
        warmed = fv["warm"][page]
        lines.append(
            f"| {page} | {fmt_s(cold['server_start'])} | {fmt_s(cold['render'])} | "
            f"{fmt_s(warmed)} | {warmed / cold['render']:.2f} |"
        )
    lines += [
        "",
        "Goal: a first visit ≤ 2.5 s on a quiet machine. Cold: a new server per page, the page "
        "opened straight away; warmed: one new server, the warm-up run, then each page in a new "
        "browser context (a new visitor). Timed from `goto` until the page's Excel button is "
        "drawn, the run is over and the charts have drawn.",
        "",
    ]
    return "\n".join(lines)


def splice_first_visit(text: str, section: str) -> str:
    """`text` with its first-visit section replaced by `section` (appended when it has none)."""
    start = text.find(FIRST_VISIT_TITLE)
    if start < 0:
        return text.rstrip("\n") + "\n\n" + section
    end = text.find("\n## ", start + len(FIRST_VISIT_TITLE))
    return text[:start] + section + ("" if end < 0 else text[end + 1 :])


BACKFILL_TITLE = "## Backfill: 100,000 deals over three years of weekly snapshots"


def render_backfill(bf: dict[str, Any], command: str | None = None, when: str = "") -> str:
    """The backfill section; with `command`, it says which run produced it (a run of its own)."""
    ratio = bf["backfill"]["median"] / bf["bare"]["median"]
    lines = [BACKFILL_TITLE, ""]
    if command:
        lines += [f"Produced by `{command}` on {when}.", ""]
    lines += [
        f"A generated Maven-shaped extract of {bf['deals']:,} deals (bench/backfill.py), "
        f"`forecast-desk backfill --from {FROM} --to {TO}` with --map and --stage into a store "
        f"holding only the reps: {bf['weeks']} weekly snapshots, {bf['rows']:,} snapshot rows, "
        f"{bf['bookings']:,} bookings, one load (whole process, {bf['repeat']} run).",
        "",
        "| path | median | runs | peak RSS |",
        "|---|---:|---|---:|",
        f"| `forecast-desk backfill` (read, check, spine join, insert, summaries) | "
        f"{fmt_s(bf['backfill']['median'])} | {', '.join(fmt_s(r) for r in bf['backfill']['runs'])} | "
        f"{fmt_mib(bf['backfill']['rss_kib'])} |",
        f"| bare DuckDB: the same spine joined to the CSV into a table | {fmt_s(bf['bare']['median'])} | "
        f"{', '.join(fmt_s(r) for r in bf['bare']['runs'])} | {fmt_mib(bf['bare']['rss_kib'])} |",
        "",
        f"Ratio backfill / bare: **{ratio:.2f}×**. Goal: under 60 s. CPU time of the backfill "
        f"process: {fmt_s(bf['backfill']['cpu_s'])} (user + system, all threads); load average "
        f"when it started: {bf['load_average']:.1f} on {os.cpu_count()} cores.",
        "",
    ]
    return "\n".join(lines) + "\n"


def splice_section(text: str, section: str, title: str = BACKFILL_TITLE) -> str:
    """`text` with its section starting with `title` (default the backfill's) replaced by
    `section` (appended when it has none)."""
    start = text.find(title)
    if start < 0:
        return text.rstrip("\n") + "\n\n" + section
    end = text.find("\n## ", start + len(title))
    return text[:start] + section + ("" if end < 0 else text[end + 1 :])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--sizes",
        default=None,
        help="comma-separated of 1M, 3M, 10M (default all three; 10M with --only projection)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per analytics timing")
    parser.add_argument("--load-rows", type=int, default=1_000_000)
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated: load, pages, baseline, projection, browser, backfill, lake, spark, "
        "first_visit",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--only",
        choices=("backfill", "projection", "first_visit"),
        default=None,
        help="run one part alone; its section replaces the same section of --out",
    )
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    default_sizes = "10M" if args.only == "projection" else "1M,3M,10M"
    sizes = [s for s in (args.sizes or default_sizes).split(",") if s]
    if args.only:
        parts = {"load", "pages", "baseline", "projection", "browser", "backfill", "lake"}
        skip = (parts | {"first_visit"}) - {args.only}
        if args.only in ("backfill", "first_visit"):
            sizes = []
    command = "make bench" + (
        f" BENCH_ARGS='{' '.join(argv or sys.argv[1:])}'" if (argv or sys.argv[1:]) else ""
    )
    WORK.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "machine": machine(),
        "when": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "repeat": args.repeat,
        "datasets": {},
    }
    for label in sizes:
        path, rows, built = scale.dataset(label)
        results["datasets"][label] = {"path": str(path), "rows": rows, "build_s": built}
        print(
            f"dataset {label}: {rows:,} rows" + (f", built in {fmt_s(built)}" if built else ""),
            flush=True,
        )
    if "load" not in skip:
        source = Path(results["datasets"][sizes[-1]]["path"])
        csv = load_csv(source, args.load_rows)
        timings = bench_load(csv, repeat=3)
        results["load"] = {
            "rows": args.load_rows,
            "repeat": 3,
            **{
                k: {"median": t.median, "runs": list(t.runs), "rss_kib": t.rss_kib}
                for k, t in timings.items()
            },
        }
        print(
            f"load: ingest {fmt_s(timings['ingest'].median)}, bare {fmt_s(timings['bare'].median)}",
            flush=True,
        )
    if "pages" not in skip:
        calls = record_calls()
        results["pages"] = {}
        for label in sizes:
            results["pages"][label] = bench_pages(
                Path(results["datasets"][label]["path"]), calls, args.repeat
            )
            summary = ", ".join(
                f"{p} {fmt_s(v['median'])}" for p, v in results["pages"][label]["pages"].items()
            )
            print(f"pages {label}: {summary}", flush=True)
    if "projection" not in skip:
        results["projection"] = {}
        for label in sizes:
            db = Path(results["datasets"][label]["path"])
            results["projection"][label] = bench_projection(db, args.repeat)
            r = results["projection"][label]
            print(
                f"projection {label}: M19 {fmt_s(r['m19']['median'])}, "
                f"backtest {fmt_s(r['backtest']['seconds'])}",
                flush=True,
            )
    if "baseline" not in skip:
        results["baseline"] = {}
        for label in sizes:
            db = Path(results["datasets"][label]["path"])
            results["baseline"][label] = {
                "project": bench_overview_set(db, args.repeat),
                "pandas": bench_pandas(
                    db, repeat=3, check=(label == sizes[0] or label == sizes[-1])
                ),
            }
            b = results["baseline"][label]
            print(
                f"baseline {label}: project {fmt_s(b['project']['median'])}, pandas {fmt_s(b['pandas']['median'])}",
                flush=True,
            )
    if "browser" not in skip and shutil.which("chromium"):
        results["browser"] = bench_browser(repeat=3)
        print(f"browser: cold overview {fmt_s(results['browser']['cold_overview'])}", flush=True)
    if "backfill" not in skip:
        results["backfill"] = bench_backfill(repeat=1)
        bf = results["backfill"]
        print(
            f"backfill: {fmt_s(bf['backfill']['median'])}, bare {fmt_s(bf['bare']['median'])}",
            flush=True,
        )
    if "first_visit" not in skip and shutil.which("chromium"):
        results["first_visit"] = bench_first_visit()
        fv = results["first_visit"]
        print(
            "first visit: "
            + ", ".join(
                f"{p} {fmt_s(c['render'])} → {fmt_s(fv['warm'][p])}" for p, c in fv["cold"].items()
            ),
            flush=True,
        )
    if args.only == "first_visit" and args.out.exists():
        section = render_first_visit(results["first_visit"], command, results["when"])
        text = splice_first_visit(args.out.read_text(encoding="utf-8"), section)
        args.out.write_text(text, encoding="utf-8")
        print(section)
        return 0
    if args.only and args.out.exists():
        if args.only == "projection":
            section = render_projection(results, command)
            title = PROJECTION_TITLE
        else:
            section = render_backfill(results["backfill"], command, results["when"])
            title = BACKFILL_TITLE
        text = splice_section(args.out.read_text(encoding="utf-8"), section, title)
        args.out.write_text(text, encoding="utf-8")
        print(section)
        return 0
    text = render(results, command)
    from bench import lake

    previous = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    args.out.write_text(text, encoding="utf-8")
    if "lake" not in skip:
        # the lake and Spark section (partition pruning, Spark local vs DuckDB) on the largest size
        lake_args = ["--size", sizes[-1], "--out", str(args.out)]
        lake_args += ["--no-spark"] if "spark" in skip else []
        lake.main(lake_args, command=command)
    elif lake.BEGIN in previous and lake.END in previous:
        kept = previous.split(lake.BEGIN, 1)[1].split(lake.END, 1)[0]
        lake.write_section(lake.BEGIN + kept + lake.END, args.out)
    (WORK / "results.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
