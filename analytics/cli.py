"""The `forecast-desk` command line (also `python -m analytics`).

Every command takes --db PATH (default FORECAST_DESK_DB, else data/forecast.duckdb). Errors meant
for people (ForecastDeskError) print a message and exit 1 (2 for usage); never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from analytics.errors import ForecastDeskError, UsageError
from analytics.store import DATA_TABLES, default_db_path, open_store

INGEST_TABLES = ("snapshots", "bookings", "targets", "calls", "forecasts", "reps")

BACKFILL_RULES = """\
rules without history (the extract holds each deal's latest state only):
  - a deal is in the snapshot of date D when its created date <= D (a deal without a created
    date appears in the last snapshot only);
  - it is open on D when it has no close date or its close date is after D; a won or lost deal
    shows as won/lost on every snapshot on or after its close date (a deal open in the extract
    is open on every snapshot);
  - its amount, close date and the stage of an open deal are the extract's values; a won or lost
    deal shows the settings' [backfill] open_stage (25) before its close date; an open deal
    without a close date takes --to as its close date, one without an amount 0.
  So slips and amount changes before the extract cannot be seen: M11 slipped and stale deals and
  the M12 pulled-in, pushed-out, increased and decreased steps stay empty on such history, and
  the pages say so. With --history each deal's stage, amount, close date and forecast category
  are replayed as they were on each snapshot date, so slips are real.
"""


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in YYYY-MM-DD form") from exc


def _metric_help() -> str:
    from analytics.metrics import REGISTRY, all_metric_ids

    lines = ["metrics (numerator / denominator columns of ratios in brackets):"]
    for mid in all_metric_ids():
        spec = REGISTRY[mid]
        parts = ""
        if spec.numerator and spec.denominator:
            parts = f" [{spec.numerator} / {spec.denominator}]"
        extra = f" +{', '.join(spec.output_extras)}" if spec.output_extras else ""
        shape = "" if spec.shape == "standard" else f" ({spec.notes or spec.shape})"
        lines.append(f"  {mid:<5} {spec.name}{parts}{extra}{shape}")
    lines += [
        "",
        "Standard output: metric, period, scope, value (+ numerator, denominator and extras).",
        "Ratios are fractions (1.0 = 100%); unavailable values are empty (CSV) or null (JSON).",
        "Periods: weeks by their Monday (2026-01-05), months 2026-01, quarters FY2026-Q1.",
        "A period is in range when its first day lies in [--from, --to].",
        "M12 takes --s0 D --s1 D and the close-date window --from/--to; prints metric, step,",
        "amount (start, new, pulled_in, increased, decreased, pushed_out, won, lost, end).",
        "M15 prints metric, stage, observations, won, win_rate, win_rate_amount and a brier row.",
        "M16 prints metric, scope, attainment, discipline, group.",
        "M20 prints one row per period, scope and level (naive, rep, manager, region, company):",
        "  value = value added over the level below, with wape, bias, hit_rate, the bootstrap",
        "  interval value_added_low/high and finding; it also takes --by manager.",
    ]
    return "\n".join(lines)


def _load_options(p: argparse.ArgumentParser) -> None:
    """--encoding, --map, --rejects and --stage: how `ingest` and `backfill` read a file."""
    p.add_argument(
        "--encoding",
        default=None,
        metavar="NAME",
        help="read the file in this encoding: utf-8, utf-16, gb18030 (gbk), big5, cp1252 "
        "(windows-1252) or latin-1 (default: detected; docs/loading.md, Encodings)",
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="SOURCE=COLUMN",
        help="the file's header SOURCE feeds the contract column COLUMN, e.g. "
        "--map sales_agent=rep (repeatable)",
    )
    p.add_argument(
        "--rejects",
        type=Path,
        default=None,
        metavar="FILE",
        help="load the good rows and write every refused row to FILE (its columns plus row and "
        "reason); default: a file loads whole or not at all",
    )
    p.add_argument(
        "--stage",
        action="append",
        default=[],
        metavar="NAME=PROBABILITY",
        help="a stage name and its win probability for this load, e.g. --stage 'Won Big=100' "
        "(repeatable)",
    )


def build_parser() -> argparse.ArgumentParser:
    db_help = "database file (default: $FORECAST_DESK_DB, else data/forecast.duckdb)"
    # --db is accepted before or after the command; the sub-command copy must not reset it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=db_help)
    parser = argparse.ArgumentParser(
        prog="forecast-desk",
        description="Forecast Desk: load CRM snapshots and compute the forecast-cadence metrics.",
    )
    parser.add_argument("--db", type=Path, default=None, help=db_help)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("demo", parents=[common], help="build the demo database")
    p.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    p.add_argument(
        "--today",
        type=_date,
        default=None,
        help="last day of the demo history (default: today, from $FORECAST_DESK_TODAY or the clock)",
    )

    p = sub.add_parser("ingest", parents=[common], help="load a CSV file into a table")
    p.add_argument("table", choices=INGEST_TABLES)
    p.add_argument("file", type=Path)
    p.add_argument(
        "--snapshot-date",
        type=_date,
        default=None,
        help="snapshot date for a snapshot file without a snapshot_date column",
    )
    p.add_argument(
        "--replace", action="store_true", help="replace a snapshot date that is already stored"
    )
    _load_options(p)

    p = sub.add_parser(
        "backfill",
        parents=[common],
        help="rebuild weekly snapshot history and bookings from one deals extract",
        description="Rebuild weekly snapshot history from one deals extract (and, with "
        "--history, from the CRM's field history) as one load that `unload` removes whole: "
        "one snapshot per week on the settings' snapshot weekday (Sunday by default) from "
        "--from to --to, and a booking per won deal (booked on its close date, order id = "
        "opportunity id) unless its booking is already stored. Nothing dated after --to is "
        "stored. docs/loading.md, 'History on day one'.",
        epilog=BACKFILL_RULES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", type=Path, help="the deals extract (CSV)")
    p.add_argument(
        "--history",
        type=Path,
        default=None,
        metavar="FILE",
        help="field history: Salesforce OpportunityHistory or OpportunityFieldHistory, or a "
        "HubSpot deal property history export",
    )
    p.add_argument(
        "--from",
        dest="date_from",
        type=_date,
        default=None,
        help="first day of the history (default: the earliest created date)",
    )
    p.add_argument(
        "--to",
        dest="date_to",
        type=_date,
        default=None,
        help="last day of the history (default: today); nothing dated after it is stored",
    )
    _load_options(p)

    p = sub.add_parser(
        "plan",
        parents=[common],
        help="decompose an annual target: region -> A/B/C tier -> month -> rep",
        description="Decompose the company's annual target into rep targets per month "
        "(docs/planning.md). Default weights: the bookings of the last twelve complete months "
        "before today ($FORECAST_DESK_TODAY). Every level adds up exactly to its parent, to the "
        "cent. Without --out or --save the targets file is printed.",
    )
    p.add_argument("--fiscal-year", required=True, metavar="FY", help="e.g. FY2027 or 2027")
    p.add_argument("--total", required=True, metavar="AMOUNT", help="annual target, e.g. 120000000")
    p.add_argument(
        "--stretch",
        type=float,
        default=None,
        metavar="FRACTION",
        help="stretch target = target x (1 + FRACTION), e.g. 0.12 (default: settings, 0.10)",
    )
    p.add_argument(
        "--region-weights", type=Path, default=None, metavar="FILE", help="CSV: region,weight"
    )
    p.add_argument(
        "--tier-weights", default=None, metavar="A=..,B=..,C=..", help="e.g. A=0.5,B=0.3,C=0.2"
    )
    p.add_argument(
        "--seasonality",
        default="history",
        metavar="history|flat|FILE",
        help="month weights: last year's bookings (default), equal, or a CSV month,weight",
    )
    p.add_argument("--rep-split", choices=("equal", "history"), default="equal")
    p.add_argument(
        "--region-rows", action="store_true", help="also write a row per region and month"
    )
    out = p.add_mutually_exclusive_group()
    out.add_argument("--out", type=Path, default=None, metavar="FILE", help="write the CSV here")
    out.add_argument(
        "--save", action="store_true", help="store it as one targets load (unload reverts it)"
    )

    sub.add_parser("loads", parents=[common], help="list what was loaded")
    p = sub.add_parser("unload", parents=[common], help="remove one load")
    p.add_argument("load_id", type=int, metavar="ID")

    p = sub.add_parser(
        "metric",
        parents=[common],
        help="print a metric",
        epilog=_metric_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("metric_id", metavar="ID")
    p.add_argument(
        "--by",
        choices=("rep", "region", "company", "manager"),
        default="company",
        help="manager: M20 only",
    )
    p.add_argument("--grain", choices=("week", "month", "quarter"), default="month")
    p.add_argument("--from", dest="date_from", type=_date, default=None)
    p.add_argument("--to", dest="date_to", type=_date, default=None)
    p.add_argument("--as-of", dest="as_of", type=_date, default=None)
    p.add_argument("--region", action="append", default=[], help="repeatable")
    p.add_argument("--rep", action="append", default=[], help="repeatable")
    p.add_argument("--s0", type=_date, default=None, help="M12: first snapshot")
    p.add_argument("--s1", type=_date, default=None, help="M12: second snapshot")
    p.add_argument(
        "--horizon",
        action="store_true",
        help="M20 only: judge the monthly 12-month forecasts by horizon (months ahead, 1-12) "
        "instead of the weekly calls; one row per horizon, scope and level over the ended "
        "months in --from/--to (columns metric, horizon, scope, level, value, wape, bias, "
        "hit_rate, value_added_low, value_added_high, finding, actual, forecast, abs_error, "
        "months, own_calls)",
    )
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument(
        "--engine",
        choices=("duckdb", "spark"),
        default="duckdb",
        help="duckdb (default) or spark: run the metric's SQL on Spark over the lake folder "
        "given as --db (docs/scale.md); needs pip install -e '.[spark]' and Java 17",
    )
    p.add_argument(
        "--spark-master",
        default=None,
        metavar="URL",
        help="Spark master for --engine spark: local[N], spark://host:7077, yarn or "
        "sc://host:15002 for Spark Connect (default: $FORECAST_DESK_SPARK_MASTER, else local[2])",
    )

    p = sub.add_parser(
        "backtest",
        parents=[common],
        help="replay a metric (M19) at every weekly snapshot against the quarter's actual",
        description="The M19 quarter projection as it would have been made at every snapshot in "
        "[--from, --to] (nothing dated after the snapshot is used), with the quarter's final "
        "actual: one row per snapshot and scope (metric, as_of, week, period, scope, p10, p50, "
        "p90, weighted, commit, booked, target, actual, inside, status). --summary prints instead "
        "WAPE and bias of p50, weighted and commit and the share of actuals inside P10-P90, for "
        "all points and per scope; quarters not ended yet are not judged.",
    )
    p.add_argument("metric_id", metavar="ID", help="M19")
    p.add_argument("--by", choices=("rep", "region", "company"), default="company")
    p.add_argument("--from", dest="date_from", type=_date, default=None)
    p.add_argument("--to", dest="date_to", type=_date, default=None)
    p.add_argument("--region", action="append", default=[], help="repeatable")
    p.add_argument("--rep", action="append", default=[], help="repeatable")
    p.add_argument("--summary", action="store_true", help="print only the summary rows")
    p.add_argument("--format", choices=("csv", "json"), default="csv")

    p = sub.add_parser("export", parents=[common], help="write every table to Parquet files in DIR")
    p.add_argument("dir", type=Path)
    p = sub.add_parser("import", parents=[common], help="restore an export DIR into an empty store")
    p.add_argument("dir", type=Path)

    p = sub.add_parser(
        "lake",
        parents=[common],
        help="a Parquet snapshot lake for DuckDB and Spark (docs/scale.md)",
        description="export: every table and derived table of the store as Parquet under DIR "
        "(snapshots, deal_history and snapshot_summary Hive-partitioned by snapshot_date) with "
        "DIR/lake.json; import: copy a lake into an empty store. A lake folder given as --db "
        "(or FORECAST_DESK_DB) is read in place, read-only, by every command and the dashboard.",
    )
    p.add_argument("action", choices=("export", "import"))
    p.add_argument("dir", type=Path)

    p = sub.add_parser(
        "spark",
        parents=[common],
        help="recompute the derived tables of a lake on Spark (docs/scale.md)",
        description="refresh: recompute every derived table (deal_history, deal_facts, "
        "snapshot_summary, calibration_summary, calibration_outcomes and the small summaries) "
        "on Spark from the lake's data tables and write them back to the lake folder given as "
        "--db. Needs pip install -e '.[spark]' and a Java 17 runtime.",
    )
    p.add_argument("action", choices=("refresh",))
    p.add_argument(
        "--spark-master",
        default=None,
        metavar="URL",
        help="local[N], spark://host:7077, yarn or sc://host:15002 (Spark Connect) "
        "(default: $FORECAST_DESK_SPARK_MASTER, else local[2])",
    )
    return parser


# Numbers are printed to 12 significant digits: amounts stay exact to the cent up to 10^10 and
# ratios keep every meaningful digit, while binary-float tails (519609.5999999982) go.
SIGNIFICANT_DIGITS = 12


def _without_float_tails(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].map(
                lambda v: v if pd.isna(v) else float(f"{v:.{SIGNIFICANT_DIGITS}g}")
            )
    return out


def _print_frame(frame: pd.DataFrame, fmt: str) -> None:
    frame = _without_float_tails(frame)
    if fmt == "json":
        records: list[dict[str, Any]] = []
        for rec in frame.to_dict(orient="records"):
            records.append({str(k): _json_value(v) for k, v in rec.items()})
        print(json.dumps(records, ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(frame.to_csv(index=False, na_rep=""))


def _json_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if value is pd.NaT:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):  # pandas turns DATE columns into midnight timestamps
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "__float__") and not isinstance(value, (int, float, bool)):
        return float(value)
    return value


def _loads_table(frame: pd.DataFrame) -> str:
    """The load log as an aligned text table (id, table, file, rows, when, snapshot, notes)."""
    if frame.empty:
        return "no loads\n"
    rows = [("id", "table", "file", "rows", "loaded at", "snapshot", "notes")]
    for rec in frame.to_dict(orient="records"):
        snap: Any = rec["snapshot_date"]
        notes: Any = rec["notes"]
        loaded: Any = rec["loaded_at"]
        rows.append(
            (
                str(rec["load_id"]),
                str(rec["table_name"]),
                str(rec["file_name"]),
                str(rec["rows"]),
                pd.Timestamp(loaded).strftime("%Y-%m-%d %H:%M:%S"),
                "" if snap is None or pd.isna(snap) else pd.Timestamp(snap).date().isoformat(),
                "" if notes is None or pd.isna(notes) else str(notes)[:60],
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    right = {0, 3}
    lines = [
        "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()
        for r in rows
    ]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    db = args.db if args.db is not None else default_db_path()
    if args.command == "demo":
        from analytics.demo import build_demo

        with open_store(db) as store:
            summary = build_demo(store, seed=args.seed, today=args.today)
        print(summary)
        return 0
    if args.command == "ingest":
        from analytics.ingest import ingest_file

        with open_store(db) as store:
            report = ingest_file(
                store,
                args.table,
                args.file,
                snapshot_date=args.snapshot_date,
                replace=args.replace,
                encoding=args.encoding,
                column_map=_pairs(args.map, "--map", "SOURCE=COLUMN"),
                stages=_stages(args.stage),
                rejects=args.rejects,
            )
        print(report.describe())
        return 0
    if args.command == "backfill":
        from analytics.backfill import BackfillRequest, backfill_file

        request = BackfillRequest(
            path=args.file,
            history=args.history,
            date_from=args.date_from,
            date_to=args.date_to,
            column_map=_pairs(args.map, "--map", "SOURCE=COLUMN"),
            stages=_stages(args.stage),
            rejects=args.rejects,
            encoding=args.encoding,
        )
        with open_store(db) as store:
            result = backfill_file(store, request)
        print(result.describe())
        return 0
    if args.command == "plan":
        return _plan(db, args)
    if args.command == "loads":
        from analytics.loadlog import list_loads

        with open_store(db) as store:
            frame = list_loads(store)
        sys.stdout.write(_loads_table(frame))
        return 0
    if args.command == "unload":
        from analytics.loadlog import unload

        with open_store(db) as store:
            record = unload(store, args.load_id)
        print(
            f"removed load {record.load_id} ({record.table_name}, {record.file_name}, {record.rows} rows)"
        )
        return 0
    if args.command == "metric":
        from analytics.metrics import MetricQuery, get_metric

        spec = get_metric(args.metric_id)
        if args.by not in spec.scopes:
            raise UsageError(f"{spec.id} is by {', '.join(spec.scopes)}, not by {args.by}.")
        query = MetricQuery(
            by=args.by,
            grain=args.grain,
            date_from=args.date_from,
            date_to=args.date_to,
            as_of=args.as_of,
            regions=tuple(args.region),
            reps=tuple(args.rep),
            s0=args.s0,
            s1=args.s1,
        )
        if spec.shape == "waterfall" and (query.s0 is None or query.s1 is None):
            raise UsageError("M12 needs --s0 YYYY-MM-DD and --s1 YYYY-MM-DD (s0 < s1).")
        if args.horizon:
            if spec.id != "M20":
                raise UsageError("--horizon is for M20 only.")
            from analytics.metrics.fva import value_added_by_horizon

            with open_store(db) as store:
                _print_frame(value_added_by_horizon(store, query), args.format)
            return 0
        note = None
        if args.engine == "spark":
            frame = _on_spark(db, args.spark_master, lambda store: spec.compute(store, query))
        else:
            from analytics.backfill import history_note

            with open_store(db) as store:
                frame = spec.compute(store, query)
                note = history_note(store, spec.id)
        _print_frame(frame, args.format)
        if note:
            print(f"note: {note}", file=sys.stderr)
        return 0
    if args.command == "backtest":
        from analytics.backtest import backtest_points, backtest_summary

        with open_store(db) as store:
            points = backtest_points(
                store,
                args.metric_id,
                args.by,
                args.date_from,
                args.date_to,
                tuple(args.region),
                tuple(args.rep),
            )
        _print_frame(backtest_summary(points) if args.summary else points, args.format)
        return 0
    if args.command in ("export", "import"):
        from analytics import backup

        with open_store(db) as store:
            if args.command == "export":
                message = backup.export_store(store, args.dir)
            else:
                message = backup.import_store(store, args.dir)
        print(message)
        return 0
    if args.command == "lake":
        from analytics import lake

        if args.action == "export":
            with open_store(db) as store:
                print(lake.export_lake(store, args.dir))
        else:
            with open_store(db) as store:
                print(lake.import_lake(store, args.dir))
        return 0
    if args.command == "spark":
        from analytics.engines import spark

        print(
            _on_spark(db, args.spark_master, lambda store: spark.refresh(store.spark, store.lake))
        )
        return 0
    raise UsageError(f"unknown command {args.command}")


def _on_spark(db: Path, master: str | None, work: Any) -> Any:
    """Run `work(SparkStore)` on Spark over the lake folder `db`."""
    from analytics import lake
    from analytics.engines import spark

    if not lake.is_lake(db):
        raise UsageError(
            f"--engine spark and `spark` read a lake folder as --db; {db} is not one "
            "(write one with `forecast-desk lake export DIR`)."
        )
    session = spark.spark_session(master)
    try:
        return work(spark.SparkStore(session, Path(db)))
    finally:
        session.stop()


def _pairs(values: list[str], option: str, form: str) -> dict[str, str]:
    """'A=B' options as {A: B}; UsageError naming the option for one without '='."""
    out: dict[str, str] = {}
    for value in values:
        left, sep, right = value.partition("=")
        if not sep or not left.strip() or not right.strip():
            raise UsageError(f"{option} '{value}' is not {form}")
        out[left.strip()] = right.strip()
    return out


def _stages(values: list[str]) -> dict[str, float]:
    """`--stage NAME=PROBABILITY` options as {name: probability}."""
    return {k: _probability(k, v) for k, v in _pairs(values, "--stage", "NAME=PROBABILITY").items()}


def _probability(name: str, text: str) -> float:
    try:
        return float(text.rstrip("%"))
    except ValueError as exc:
        raise UsageError(f"--stage {name}={text}: '{text}' is not a probability 0–100") from exc


def _plan(db: Path | None, args: argparse.Namespace) -> int:
    from decimal import Decimal, InvalidOperation

    from analytics import planning

    try:
        total = Decimal(str(args.total).replace(",", "").replace("_", "").strip())
    except InvalidOperation as exc:
        raise UsageError(f"--total '{args.total}' is not an amount, e.g. 120000000") from exc
    with open_store(db) as store:
        months = planning.fiscal_year_months(
            planning.parse_fiscal_year(args.fiscal_year), store.settings.fiscal_year_start_month
        )
        season: Any = args.seasonality
        if season not in ("history", "flat"):
            season = planning.season_from_weights(
                planning.read_weights(Path(season), "month"), months
            )
        request = planning.PlanRequest(
            fiscal_year=planning.parse_fiscal_year(args.fiscal_year),
            total=total,
            stretch=store.settings.plan_stretch if args.stretch is None else args.stretch,
            region_weights=(
                planning.read_weights(args.region_weights, "region")
                if args.region_weights
                else None
            ),
            tier_weights=(
                planning.parse_tier_weights(args.tier_weights) if args.tier_weights else None
            ),
            seasonality=season,
            rep_split=args.rep_split,
            region_rows=args.region_rows,
        )
        plan = planning.plan_targets(store, request)
        if args.save:
            load_id, version = planning.save_plan(store, plan)
            print(
                f"saved plan FY{request.fiscal_year} v{version} as load {load_id} "
                f"({len(plan.targets)} target rows; `forecast-desk unload {load_id}` reverts it)"
            )
            return 0
    text = plan.to_csv()
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {len(plan.targets)} target rows to {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = run(args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # The reader of our output went away (`forecast-desk ingest … | true`, `| head`). Every
        # command prints only after its work is done (a load has committed), so the exit status
        # follows what happened to the store: success. No traceback; later writes go nowhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except UsageError as exc:
        print(f"forecast-desk: {exc}", file=sys.stderr)
        return 2
    except ForecastDeskError as exc:
        print(f"forecast-desk: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


__all__ = ["DATA_TABLES", "INGEST_TABLES", "build_parser", "main"]
