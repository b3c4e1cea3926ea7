"""A 1 GB snapshot file through the command line: wall time and peak memory of the load.

`python -m bench.large_file [--gb 1.0]` writes a snapshot CSV of about that size with DuckDB
COPY into bench/data/ (git-ignored; kept and reused while its size matches), loads it with
`python -m analytics ingest snapshots FILE` into a new database in a separate process, and
reports the wall time and peak RSS of that process next to bare DuckDB reading the same file
into a table (what the parsing itself needs). The loader must stream: its peak memory should
stay near DuckDB's own, far below the size of the file.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bench.util import WORK, Timing, fmt_mib, fmt_s, time_process

SNAPSHOT_DATES = 20  # weekly snapshots from 2026-01-05; each holds every deal once
N_REPS = 200

# One row per deal and snapshot date; every value is valid, so that the whole file loads.
_ROWS = """
SELECT
    DATE '2026-01-05' + INTERVAL (7 * (i % {dates})) DAY AS snapshot_date,
    'OPP-' || lpad(CAST(i // {dates} AS VARCHAR), 9, '0') AS opportunity_id,
    'Network refresh ' || (i // {dates}) % 9973 AS opportunity_name,
    'Account ' || (i // {dates}) % 49999 AS account,
    'R' || lpad(CAST((i // {dates}) % {reps} AS VARCHAR), 3, '0') AS rep,
    ['North', 'East', 'South', 'West'][(i // {dates}) % {reps} % 4 + 1] AS region,
    [10, 25, 50, 60, 70, 80, 90][(i // {dates} + i % {dates}) % 7 + 1] AS stage,
    CAST(1000 + hash(i // {dates}) % 500000 AS DECIMAL(18, 2)) AS amount,
    DATE '2026-03-31' + INTERVAL ((i // {dates}) % 270) DAY AS close_date,
    CASE WHEN (i // {dates} + i % {dates}) % 7 >= 6 THEN 'commit'
         WHEN (i // {dates} + i % {dates}) % 7 >= 4 THEN 'upside'
         ELSE 'pipeline' END AS forecast_category
FROM range({rows}) t(i)
ORDER BY snapshot_date, opportunity_id
"""


@dataclass(frozen=True)
class LargeFileResult:
    """The file that was loaded and what loading it cost, against bare DuckDB."""

    path: Path
    size_bytes: int
    rows: int
    ingest: Timing
    bare: Timing

    def markdown(self, command: str) -> str:
        gib = self.size_bytes / 2**30
        ingest, bare = self.ingest, self.bare
        return "\n".join(
            [
                f"`{command}`: a {gib:.2f} GiB snapshot CSV ({self.rows:,} rows, "
                f"{SNAPSHOT_DATES} snapshot dates, {N_REPS} reps with their regions) loaded "
                "into a new database by `python -m analytics ingest snapshots FILE` in its own "
                "process.",
                "",
                "| process | wall time | rows/s | peak RSS |",
                "|---|---:|---:|---:|",
                f"| forecast-desk ingest | {fmt_s(ingest.median)} | "
                f"{self.rows / ingest.median:,.0f} | {fmt_mib(ingest.rss_kib)} |",
                f"| bare DuckDB read_csv into a table | {fmt_s(bare.median)} | "
                f"{self.rows / bare.median:,.0f} | {fmt_mib(bare.rss_kib)} |",
            ]
        )


def write_snapshot_csv(rows: int, path: Path) -> None:
    """`rows` snapshot rows (every value valid) as CSV at `path`, written by DuckDB COPY."""
    sql = _ROWS.format(rows=rows, dates=SNAPSHOT_DATES, reps=N_REPS)
    con = duckdb.connect()
    try:
        con.execute(f"COPY ({sql}) TO $path (HEADER, DELIMITER ',')", {"path": str(path)})
    finally:
        con.close()


def write_file(gb: float) -> tuple[Path, int]:
    """A snapshot CSV of about `gb` GiB (reused when it exists): its path and data rows."""
    WORK.mkdir(parents=True, exist_ok=True)
    probe = WORK / "large_probe.csv"
    write_snapshot_csv(100_000, probe)
    header = len(probe.read_bytes().split(b"\n", 1)[0]) + 1
    per_row = (probe.stat().st_size - header) / 100_000
    probe.unlink()
    rows = int(gb * 2**30 / per_row) // SNAPSHOT_DATES * SNAPSHOT_DATES
    path = WORK / f"large_snapshots_{rows}.csv"
    if not path.exists():
        partial = path.with_suffix(".partial")
        write_snapshot_csv(rows, partial)
        partial.rename(path)
    return path, rows


def measure(path: Path, rows: int) -> LargeFileResult:
    db = WORK / "large_file.duckdb"

    def fresh() -> None:
        for p in (db, db.with_suffix(".duckdb.wal"), db.with_name(f"{db.stem}.settings.toml")):
            p.unlink(missing_ok=True)

    ingest = time_process(
        "forecast-desk ingest",
        [sys.executable, "-m", "analytics", "--db", str(db), "ingest", "snapshots", str(path)],
        repeat=1,
        setup=fresh,
    )
    bare_code = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
        'con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, header=true, all_varchar=true)",'
        " [sys.argv[2]])"
    )
    bare = time_process(
        "bare DuckDB read_csv",
        [sys.executable, "-c", bare_code, str(db), str(path)],
        repeat=1,
        setup=fresh,
    )
    fresh()
    return LargeFileResult(path, path.stat().st_size, rows, ingest, bare)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.large_file", description=__doc__)
    parser.add_argument("--gb", type=float, default=1.0, help="file size in GiB (default 1.0)")
    args = parser.parse_args(argv)
    path, rows = write_file(args.gb)
    result = measure(path, rows)
    command = "python -m bench.large_file" + (f" --gb {args.gb:g}" if args.gb != 1.0 else "")
    print(result.markdown(command))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
