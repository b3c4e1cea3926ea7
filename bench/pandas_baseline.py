"""The Overview page's metrics written the way a typical pandas dashboard does: read whole tables
into DataFrames, then `groupby`. Same data, same run as the project, for a ratio.

Computes, company-wide over all periods: M1 by week, M4 by month, M13 by quarter, M18 by
quarter, M10 open pipeline growth by month (all snapshots read). `spot_check` compares the
first four with the project's own numbers.

`python -m bench.pandas_baseline DB` prints JSON: seconds (median of 3) and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from bench.util import peak_rss_kib


def read_tables(db: Path) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.table(t).df() for t in ("snapshots", "bookings", "calls", "targets", "reps")}
    finally:
        con.close()


def _quarter_start(d: pd.Series) -> pd.Series:  # fiscal year = calendar year (demo settings)
    month = d.dt.month
    return pd.to_datetime({"year": d.dt.year, "month": month - (month - 1) % 3, "day": 1})


def overview_metrics(t: dict[str, pd.DataFrame]) -> dict[str, pd.Series]:
    b = t["bookings"].copy()
    b["booked_date"] = pd.to_datetime(b["booked_date"])
    b["amount"] = b["amount"].astype(float)
    actual = b[b["status"] != "cancelled"]

    # M1 company by week: actual of the called rep-weeks / their commit (reps' own calls: the
    # calls of managers, regions and the company are the roll-up's, as in calls_current.sql).
    calls = t["calls"]
    calls = calls[calls["scope_type"].fillna("rep") == "rep"].copy()
    calls["week_start"] = pd.to_datetime(calls["week_start"])
    week = actual["booked_date"] - pd.to_timedelta(actual["booked_date"].dt.day_of_week, unit="D")
    rep_week = actual.assign(week_start=week).groupby(["rep", "week_start"])["amount"].sum()
    joined = calls.merge(
        rep_week.rename("actual").reset_index(), on=["rep", "week_start"], how="left"
    )
    joined["actual"] = joined["actual"].fillna(0.0)
    joined["commit_amount"] = joined["commit_amount"].astype(float)
    weekly = joined.groupby("week_start")[["actual", "commit_amount"]].sum()
    m1 = weekly["actual"] / weekly["commit_amount"].where(weekly["commit_amount"] != 0)

    # M4 company by month.
    month = b["booked_date"].dt.to_period("M")
    unreal = b["amount"].where(b["status"].isin(["unrealized", "cancelled"]), 0.0)
    m4_frame = (
        pd.DataFrame({"month": month, "u": unreal, "all": b["amount"]}).groupby("month").sum()
    )
    m4 = m4_frame["u"] / m4_frame["all"].where(m4_frame["all"] != 0)

    # M13 company by quarter.
    qs = _quarter_start(actual["booked_date"])
    k = ((actual["booked_date"] - qs).dt.days // 7 + 1).clip(upper=13)
    wk = (
        pd.DataFrame({"q": qs, "k": k, "amount": actual["amount"]})
        .groupby(["q", "k"])["amount"]
        .sum()
    )
    m13 = {}
    for q, series in wk.groupby(level="q"):
        b_k = series.droplevel("q").reindex(range(1, 14), fill_value=0.0)
        total = b_k.sum()
        if total == 0:
            continue
        c = b_k.cumsum() / total
        m13[q] = 1 - 2 * float(np.abs(c.values - np.arange(1, 14) / 13).sum()) / 12
    m13_s = pd.Series(m13, dtype=float)

    # M18 company by quarter: actual / target (rep targets summed; a company row wins).
    tg = t["targets"].copy()
    tg["month"] = pd.to_datetime(tg["month"])
    tg["target"] = tg["target"].astype(float)
    company_rows = tg[tg["scope_type"] == "company"]
    source = company_rows if len(company_rows) else tg[tg["scope_type"] == "rep"]
    tq = source.groupby(_quarter_start(source["month"]))["target"].sum()
    aq = actual.groupby(qs)["amount"].sum()
    m18 = (aq / tq).dropna()

    # M10 company: open pipeline at the last snapshot of each month, month over month.
    s = t["snapshots"]
    s = s[
        (s["stage"] > 0)
        & (s["stage"] < 100)
        & s["forecast_category"].isin(["commit", "upside", "pipeline"])
    ]
    s = s.assign(snapshot_date=pd.to_datetime(s["snapshot_date"]), amount=s["amount"].astype(float))
    per_snapshot = s.groupby("snapshot_date")["amount"].sum()
    last_of_month = per_snapshot.groupby(per_snapshot.index.to_period("M")).last()
    m10 = last_of_month.pct_change()
    return {"M1": m1, "M4": m4, "M13": m13_s, "M18": m18, "M10": m10}


def run(db: Path) -> dict[str, pd.Series]:
    return overview_metrics(read_tables(db))


def spot_check(db: Path, result: dict[str, pd.Series]) -> list[str]:
    """Differences between the baseline and the project for M1, M4, M13, M18 (empty = agree)."""
    from analytics.metrics import MetricQuery, get_metric
    from analytics.store import Store

    problems: list[str] = []
    grains = {"M1": "week", "M4": "month", "M13": "quarter", "M18": "quarter"}
    with Store(db, read_only=True) as store:
        for mid, grain in grains.items():
            frame = get_metric(mid).compute(store, MetricQuery(by="company", grain=grain))  # type: ignore[arg-type]
            ours = frame.dropna(subset=["value"]).set_index("period")["value"]
            theirs = result[mid].dropna()
            theirs.index = [_label(i, grain) for i in theirs.index]
            common = ours.index.intersection(theirs.index)
            if len(common) == 0:
                problems.append(f"{mid}: no period in common")
                continue
            diff = (ours[common].astype(float) - theirs[common].astype(float)).abs()
            if (diff > 1e-6).any():
                worst = diff.idxmax()
                problems.append(f"{mid} {worst}: project {ours[worst]} vs pandas {theirs[worst]}")
    return problems


def _label(value: Any, grain: str) -> str:
    ts = pd.Timestamp(str(value))
    if grain == "week":
        return ts.strftime("%Y-%m-%d")
    if grain == "month":
        return ts.strftime("%Y-%m")
    return f"FY{ts.year}-Q{(ts.month - 1) // 3 + 1}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.pandas_baseline")
    parser.add_argument("db", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="also compare with the project")
    args = parser.parse_args(argv)
    runs = []
    result: dict[str, pd.Series] = {}
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = run(args.db)
        runs.append(time.perf_counter() - start)
    out: dict[str, Any] = {
        "runs": runs,
        "median": float(np.median(runs)),
        "rss_kib": peak_rss_kib(),
    }
    if args.check:
        out["spot_check"] = spot_check(args.db, result)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
