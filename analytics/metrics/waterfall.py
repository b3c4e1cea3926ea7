"""M12 Pipeline waterfall: how the open pipeline of a close-date window moved between two snapshots.

start (open amount in s0 with close date in the window) + new + pulled in + increased
- decreased - pushed out - won - lost = end (the same in s1). The SQL (sql/metrics/m12.sql)
keeps every amount DECIMAL so that the bars reconcile to the cent; `waterfall()` returns them as
Decimal, the registered metric as floats at the hand-off to pandas. `waterfall_deals()` lists
the deals behind every bar for the drill-down.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from analytics.errors import UsageError
from analytics.metrics.base import MetricQuery, MetricSpec, register
from analytics.metrics.common import metric_params, run_sql, to_float
from analytics.sql import load_sql
from analytics.store import Store

STEPS: tuple[str, ...] = (
    "start",
    "new",
    "pulled_in",
    "increased",
    "decreased",
    "pushed_out",
    "won",
    "lost",
    "end",
)
# The sign with which each movement enters start + movements = end.
STEP_SIGNS: Mapping[str, int] = {
    "new": 1,
    "pulled_in": 1,
    "increased": 1,
    "decreased": -1,
    "pushed_out": -1,
    "won": -1,
    "lost": -1,
}
MOVEMENTS: tuple[str, ...] = tuple(STEP_SIGNS)


@dataclass(frozen=True)
class Waterfall:
    """The nine bars of M12 as exact Decimals (None when a snapshot is unavailable).

    `snapshot_s0`/`snapshot_s1` are the snapshots actually compared (the latest on or before the
    requested dates); `window_from`/`window_to` the close-date window, both days included.
    """

    amounts: Mapping[str, Decimal | None]
    snapshot_s0: date | None
    snapshot_s1: date | None
    window_from: date
    window_to: date

    @property
    def available(self) -> bool:
        return self.snapshot_s0 is not None and self.snapshot_s1 is not None

    def reconciles(self) -> bool:
        """True when start + signed movements equals end to the cent."""
        if not self.available:
            return False
        total = self.amounts["start"] or Decimal(0)
        for step, sign in STEP_SIGNS.items():
            total += sign * (self.amounts[step] or Decimal(0))
        return total == self.amounts["end"]


def _check(query: MetricQuery) -> tuple[date, date]:
    if query.s0 is None or query.s1 is None:
        raise UsageError("M12 needs two snapshot dates s0 < s1 (--s0 YYYY-MM-DD --s1 YYYY-MM-DD).")
    if query.s0 >= query.s1:
        raise UsageError(f"M12 needs s0 before s1; got s0 {query.s0} and s1 {query.s1}.")
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise UsageError("M12: the close-date window --from must not be after --to.")
    return query.s0, query.s1


def _fetch(
    store: Store, query: MetricQuery, detail: bool
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run m12.sql keeping DECIMAL values exact (fetchall gives Decimal, not float)."""
    s0, s1 = _check(query)
    text = load_sql("metrics/m12")
    params = metric_params(store, query)
    params.update({"s0": s0, "s1": s1, "detail": detail})
    used = {k: v for k, v in params.items() if f"${k}" in text}
    cur = store.cursor()
    try:
        result = cur.execute(text, used)
        columns = [d[0] for d in result.description or ()]
        return columns, result.fetchall()
    finally:
        cur.close()


def waterfall(store: Store, query: MetricQuery) -> Waterfall:
    """M12 between the snapshots as of query.s0 and query.s1, exact to the cent."""
    columns, rows = _fetch(store, query, detail=False)
    recs = [dict(zip(columns, row, strict=True)) for row in rows]
    first = recs[0]
    return Waterfall(
        amounts={r["step"]: r["amount"] for r in recs},
        snapshot_s0=first["snapshot_s0"],
        snapshot_s1=first["snapshot_s1"],
        window_from=first["win_from"],
        window_to=first["win_to"],
    )


def _compute_m12(store: Store, query: MetricQuery) -> pd.DataFrame:
    result = waterfall(store, query)
    amounts = [result.amounts[step] for step in STEPS]
    return pd.DataFrame(
        {
            "metric": "M12",
            "step": list(STEPS),
            "amount": pd.Series(
                [None if a is None else float(a) for a in amounts], dtype="float64"
            ),
        }
    )


def waterfall_deals(store: Store, query: MetricQuery) -> pd.DataFrame:
    """The deals behind every bar of M12: one row per deal and step.

    Steps start and end list the deals of the opening and closing pipeline; each deal of the
    window appears in at most one movement (none when it stayed in the window with the same
    amount). Columns: step, opportunity_id, opportunity_name, account, rep, region, amount (the
    deal's contribution to the bar, positive), amount/close date/stage/category in s0 and s1,
    snapshot_s0, snapshot_s1, win_from, win_to. Amounts are floats; use `waterfall()` for
    exact totals.
    """
    _check(query)
    frame = run_sql(store, "metrics/m12", query, {"s0": query.s0, "s1": query.s1, "detail": True})
    frame = to_float(frame.drop(columns=["step_order", "deals"]))
    return frame.reset_index(drop=True)


def _day(value: Any) -> date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def waterfall_and_deals(store: Store, query: MetricQuery) -> tuple[Waterfall, pd.DataFrame]:
    """`waterfall()` and `waterfall_deals()` from one run of M12's SQL (the Pipeline page's chart
    and its drill-down).

    The bars are the deal rows summed per step in whole cents: each deal's amount has two
    decimals and arrives as the float nearest to it, so rounding amount * 100 to an integer
    recovers it exactly and the integer sums equal the SQL's DECIMAL totals to the cent. With no
    deal in the window the rows cannot say which snapshots were compared, so the totals query
    answers (it is cheap then).
    """
    deals = waterfall_deals(store, query)
    if deals.empty:
        return waterfall(store, query), deals
    first = deals.iloc[0]
    snapshot_s0, snapshot_s1 = _day(first["snapshot_s0"]), _day(first["snapshot_s1"])
    amounts: dict[str, Decimal | None]
    if snapshot_s0 is None or snapshot_s1 is None:
        amounts = dict.fromkeys(STEPS)
    else:
        # NULL amounts add nothing, as in SQL's sum
        floats = deals["amount"].astype("float64").fillna(0.0).to_numpy()
        cents = pd.Series(np.rint(floats * 100), dtype="int64")
        sums = cents.groupby(deals["step"].to_numpy()).sum()
        amounts = {step: Decimal(int(sums.get(step, 0))).scaleb(-2) for step in STEPS}
    window_from, window_to = _day(first["win_from"]), _day(first["win_to"])
    assert window_from is not None and window_to is not None  # m12.sql always sets the window
    result = Waterfall(
        amounts=amounts,
        snapshot_s0=snapshot_s0,
        snapshot_s1=snapshot_s1,
        window_from=window_from,
        window_to=window_to,
    )
    return result, deals


M12 = register(
    MetricSpec(
        id="M12",
        name="Pipeline waterfall",
        description=(
            "Open amount with close date in the window at s0 (start), plus new, pulled in and "
            "increased, minus decreased, pushed out, won and lost, equals the open amount at s1 "
            "(end); the bars reconcile to the cent."
        ),
        compute=_compute_m12,
        shape="waterfall",
        unit="amount",
        notes="--s0 D --s1 D, window --from/--to (default: fiscal quarter of s1); "
        "prints metric, step, amount",
    )
)

__all__ = [
    "M12",
    "MOVEMENTS",
    "STEPS",
    "STEP_SIGNS",
    "Waterfall",
    "waterfall",
    "waterfall_and_deals",
    "waterfall_deals",
]
