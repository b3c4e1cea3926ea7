"""`forecast-desk backtest M19`: the quarter projection replayed at every weekly snapshot.

For every snapshot in [from, to] and every scope, the projection exactly as M19 would have made it
at that snapshot (only quarters that ended before the snapshot's quarter calibrate it; only
bookings dated before the snapshot count as booked), beside the quarter's final actual. The
summary says how good it was: WAPE = sum |forecast - actual| / sum actual of P50, of the
stage-weighted pipeline and of the commit; bias = sum (forecast - actual) / sum actual; and the
share of points whose actual fell inside P10-P90. Quarters that have not ended are shown but not
judged (docs/metrics.md, M19).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from analytics.calendar import fiscal_quarter_start, period_ended
from analytics.calendar import today as clock_today
from analytics.errors import UsageError
from analytics.memo import remembered
from analytics.metrics.base import MetricQuery, Scope
from analytics.metrics.common import run_sql, to_float
from analytics.metrics.projection import (
    project_snapshot,
    read_history,
    read_targets,
)
from analytics.store import Store

POINT_COLUMNS: tuple[str, ...] = (
    "metric",
    "as_of",
    "week",
    "period",
    "scope",
    "p10",
    "p50",
    "p90",
    "weighted",
    "commit",
    "booked",
    "target",
    "actual",
    "inside",
    "status",
)
SUMMARY_COLUMNS: tuple[str, ...] = (
    "metric",
    "scope",
    "points",
    "quarters",
    "wape_p50",
    "wape_weighted",
    "wape_commit",
    "bias_p50",
    "bias_weighted",
    "bias_commit",
    "inside_p10_p90",
)
BACKTESTED = ("M19",)
# The version of what quarter_fan and band_record return, for the results kept in the store
# (analytics/memo.py): bump it when the projection or the backtest changes.
MEMO_VERSION = "1"
# METRICS.md: the share of outcomes inside P10-P90 to aim for (an 80% interval).
BAND_AIM = 0.8


def _check(metric_id: str) -> str:
    for mid in BACKTESTED:
        if mid.lower() == metric_id.lower():
            return mid
    raise UsageError(f"backtest supports {', '.join(BACKTESTED)} (got '{metric_id}')")


def _quarter_actuals(
    store: Store, query: MetricQuery, today: date
) -> dict[tuple[date, str], float]:
    """Final actual per (quarter, scope), for the quarters that ended before today's."""
    frame = to_float(run_sql(store, "metrics/m19_bookings", query, {"until": today}))
    frame = frame.dropna(subset=["final"])
    starts = pd.to_datetime(frame["quarter_start"]).dt.date
    return {
        (start, str(scope)): float(final)
        for start, scope, final in zip(starts, frame["scope"], frame["final"], strict=True)
    }


def backtest_points(
    store: Store,
    metric_id: str,
    by: Scope,
    date_from: date | None,
    date_to: date | None,
    regions: tuple[str, ...] = (),
    reps: tuple[str, ...] = (),
) -> pd.DataFrame:
    """One row per snapshot in [date_from, date_to] and scope: the projection and the actual."""
    metric = _check(metric_id)
    query = MetricQuery(by=by, regions=regions, reps=reps)
    snaps = run_sql(
        store, "metrics/m19_snapshots", MetricQuery(date_from=date_from, date_to=date_to)
    )
    if snaps.empty:
        return pd.DataFrame(columns=list(POINT_COLUMNS))
    for col in ("snapshot_date", "quarter_start"):
        snaps[col] = pd.to_datetime(snaps[col]).dt.date
    today = clock_today()
    first, last = min(snaps["snapshot_date"]), max(snaps["snapshot_date"])
    history = read_history(store, query, last)
    actuals = _quarter_actuals(store, query, today)
    # every replayed snapshot's open deals and closed-deal count in one read each (each row is
    # that snapshot's own: nothing dated after it)
    span = {"date_from": first, "date_to": last}
    open_all = to_float(run_sql(store, "metrics/m19_open_range", query, span))
    open_all["snapshot_date"] = pd.to_datetime(open_all["snapshot_date"]).dt.date
    open_of = dict(tuple(open_all.groupby("snapshot_date")))
    no_deals = open_all.drop(columns="snapshot_date").iloc[:0]
    closed = run_sql(store, "metrics/m19_closed_range", query, span)
    closed_of = dict(
        zip(
            pd.to_datetime(closed["snapshot_date"]).dt.date,
            closed["closed_deals"].astype(int),
            strict=True,
        )
    )
    targets: dict[date, pd.DataFrame] = {}
    parts: list[pd.DataFrame] = []
    for snapshot, quarter_start, period, week in zip(
        snaps["snapshot_date"].tolist(),
        snaps["quarter_start"].tolist(),
        snaps["period"].astype(str).tolist(),
        snaps["week"].astype(int).tolist(),
        strict=True,
    ):
        if quarter_start not in targets:
            targets[quarter_start] = read_targets(store, query, quarter_start)
        frame = project_snapshot(
            history,
            snapshot,
            quarter_start,
            week,
            open_of[snapshot].drop(columns="snapshot_date") if snapshot in open_of else no_deals,
            targets[quarter_start],
            int(closed_of.get(snapshot, 0)),
            store.settings.thresholds.m19_min_closed_deals,
        )
        frame["as_of"] = snapshot
        frame["week"] = week
        frame["period"] = period
        ended = period_ended(quarter_start, "quarter", today)
        frame["actual"] = [
            actuals.get((quarter_start, s), 0.0) if ended else np.nan for s in frame["scope"]
        ]
        frame["status"] = None if ended else "in_progress"
        parts.append(frame)
    points = pd.concat(parts, ignore_index=True)
    points["inside"] = (points["actual"] >= points["p10"]) & (points["actual"] <= points["p90"])
    points["inside"] = (
        points["inside"].astype(object).where(points["actual"].notna() & points["p50"].notna())
    )
    points["metric"] = metric
    return (
        points[list(POINT_COLUMNS)]
        .sort_values(["as_of", "scope"], kind="stable")
        .reset_index(drop=True)
    )


def _summary_row(metric: str, scope: str, judged: pd.DataFrame) -> dict[str, object]:
    actual = judged["actual"].sum()

    def wape(col: str) -> float:
        return float((judged[col] - judged["actual"]).abs().sum() / actual) if actual else np.nan

    def bias(col: str) -> float:
        return float((judged[col] - judged["actual"]).sum() / actual) if actual else np.nan

    return {
        "metric": metric,
        "scope": scope,
        "points": len(judged),
        "quarters": judged["period"].nunique(),
        "wape_p50": wape("p50"),
        "wape_weighted": wape("weighted"),
        "wape_commit": wape("commit"),
        "bias_p50": bias("p50"),
        "bias_weighted": bias("weighted"),
        "bias_commit": bias("commit"),
        "inside_p10_p90": float(judged["inside"].astype(bool).mean()) if len(judged) else np.nan,
    }


def backtest_summary(points: pd.DataFrame) -> pd.DataFrame:
    """WAPE and bias of P50, weighted and commit, and the share inside P10-P90: all, then by scope.

    Only points whose quarter has ended and whose projection was available are judged.
    """
    judged = points[points["actual"].notna() & points["p50"].notna()]
    metric = str(points["metric"].iloc[0]) if len(points) else "M19"
    rows = [_summary_row(metric, "all", judged)]
    for scope, part in judged.groupby("scope", sort=True):
        rows.append(_summary_row(metric, str(scope), part))
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def quarter_fan(
    store: Store,
    by: Scope = "company",
    regions: tuple[str, ...] = (),
    reps: tuple[str, ...] = (),
    as_of: date | None = None,
) -> pd.DataFrame:
    """The running quarter's projection as made at each of its snapshots up to `as_of` (today).

    Backtest points of the quarter holding `as_of`: P10, P50 and P90 per snapshot (the fan), with
    target and stretch target, for the pages' chart. Kept in the store per data version
    (analytics/memo.py).
    """
    day = as_of or clock_today()

    def compute() -> pd.DataFrame:
        start = fiscal_quarter_start(day, store.settings.fiscal_year_start_month)
        points = backtest_points(store, "M19", by, start, day, regions, reps)
        targets = read_targets(store, MetricQuery(by=by, regions=regions, reps=reps), start)
        stretch = targets["stretch_target"]
        points["stretch_target"] = [stretch.get(s, np.nan) for s in points["scope"]]
        return points

    return remembered(store, "quarter_fan", MEMO_VERSION, (by, regions, reps, day), compute)


def band_record(
    store: Store,
    by: Scope = "company",
    regions: tuple[str, ...] = (),
    reps: tuple[str, ...] = (),
    quarters: int = 4,
) -> pd.DataFrame:
    """How often the P10-P90 band held: the backtest summary over the last `quarters` ended ones.

    Every snapshot of the `quarters` fiscal quarters before today's is replayed (the first row,
    scope `all`, is the pages' "the band held in x of y weekly projections"). Seconds at 10M
    snapshot rows, so the result is kept in the store per data version (analytics/memo.py).
    """
    m0 = store.settings.fiscal_year_start_month
    current = fiscal_quarter_start(clock_today(), m0)
    start = fiscal_quarter_start(current - timedelta(days=1), m0)
    for _ in range(quarters - 1):
        start = fiscal_quarter_start(start - timedelta(days=1), m0)

    def compute() -> pd.DataFrame:
        last = current - timedelta(days=1)
        return backtest_summary(backtest_points(store, "M19", by, start, last, regions, reps))

    return remembered(store, "band_record", MEMO_VERSION, (by, regions, reps, quarters), compute)


__all__ = [
    "POINT_COLUMNS",
    "BAND_AIM",
    "SUMMARY_COLUMNS",
    "backtest_points",
    "backtest_summary",
    "band_record",
    "quarter_fan",
]
