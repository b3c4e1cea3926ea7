"""M19 Quarter projection: where will the quarter land, with an honest range.

At a snapshot (as of `--as-of`, default the latest) and per scope: P10, P50 and P90 of the
fiscal quarter's final bookings, simulated from the booked amount, the open deals closing in the
quarter (won within it at win and slip rates calibrated on the quarters that ended before this
one) and what past quarters booked beyond their pipeline (analytics/projection.py). Beside them
the naive numbers it is judged against: `weighted` (booked + open amount x stage / 100) and
`commit` (booked + open commit). SQL: sql/metrics/m19_*.sql; the backtest: analytics/backtest.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from analytics import projection as model
from analytics.memo import remembered
from analytics.metrics.base import MetricQuery, MetricSpec, register
from analytics.metrics.common import run_sql, shape_standard, to_float
from analytics.store import Store

EXTRA_COLUMNS: tuple[str, ...] = (
    "p10",
    "p50",
    "p90",
    "booked",
    "open_pipeline",
    "weighted",
    "commit",
    "target",
    "stretch_target",
    "expected",
    "slip_rate",
    "snapshot_date",
)


@dataclass(frozen=True)
class History:
    """What a projection is calibrated on, read once up to a date (`until`).

    history: m19_history rows (open deals of the snapshots of quarters ended before `until`'s,
    with their outcome); bookings: m19_bookings rows (booked before each snapshot up to `until`
    and the final actual of quarters ended before `until`'s); snapshots: every snapshot up to
    `until` with its quarter and week. A projection at a snapshot S <= `until` reads only the
    rows of quarters that ended before S's quarter (and S's own booked amount), and of those only
    the quarters that began on or after `covered_from`.

    covered_from: the first quarter start that the bookings history covers whole (the first
    booking is dated within that quarter's first week, COVERAGE_GRACE_DAYS): a quarter that
    began earlier shows only part of its bookings and would bias the calibration low. None
    when no booking is stored (then no quarter calibrates).
    """

    history: pd.DataFrame
    bookings: pd.DataFrame
    snapshots: pd.DataFrame
    covered_from: date | None = None

    def past(self, quarter_start: date) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """History, bookings and snapshots of the covered quarters that began before
        `quarter_start` (what a projection in that quarter is calibrated on)."""
        if self.covered_from is None:
            return self.history.iloc[:0], self.bookings.iloc[:0], self.snapshots.iloc[:0]
        lo = self.covered_from

        def keep(frame: pd.DataFrame) -> pd.DataFrame:
            starts = frame["quarter_start"]
            return frame[(starts < quarter_start) & (starts >= lo)]

        return keep(self.history), keep(self.bookings), keep(self.snapshots)


# A quarter counts as covered by the bookings history when the first booking is dated no later
# than this many days after the quarter began (a first week without orders is common).
COVERAGE_GRACE_DAYS = 6


def _dates(frame: pd.DataFrame, *cols: str) -> pd.DataFrame:
    for col in cols:
        if col in frame.columns:
            frame[col] = pd.to_datetime(frame[col]).dt.date
    return frame


def read_history(store: Store, query: MetricQuery, until: date, week: int | None = None) -> History:
    """The calibration history up to `until` for the query's scope level and filters.

    With `week`, only the past snapshots that a projection at that week of quarter reads.
    """
    extra = {"until": until, "week": week, "window": model.WEEK_WINDOW}
    hist = _dates(
        to_float(run_sql(store, "metrics/m19_history", query, extra)),
        "quarter_start",
        "snapshot_date",
    )
    books = _dates(
        to_float(run_sql(store, "metrics/m19_bookings", query, extra)),
        "quarter_start",
        "snapshot_date",
    )
    snaps = run_sql(store, "metrics/m19_snapshots", MetricQuery(date_to=until), {"date_from": None})
    snaps = _dates(snaps, "quarter_start", "snapshot_date")
    first = run_sql(store, "metrics/m19_first_booking", query, extra)["first_booking"].iloc[0]
    covered = (
        None
        if first is None or pd.isna(first)
        else pd.Timestamp(first).date() - timedelta(days=COVERAGE_GRACE_DAYS)
    )
    return History(hist, books, snaps, covered)


def closed_deals(store: Store, query: MetricQuery, until: date) -> int:
    """Deals of the selected reps won or lost on or before `until`."""
    frame = run_sql(store, "metrics/m19_closed", query, {"until": until})
    return int(frame["closed_deals"].sum())


def read_open(store: Store, query: MetricQuery, as_of: date) -> pd.DataFrame:
    """The open deals closing in the quarter of the snapshot as of `as_of` (m19_open)."""
    q = MetricQuery(by=query.by, as_of=as_of, regions=query.regions, reps=query.reps)
    return to_float(run_sql(store, "metrics/m19_open", q))


def read_targets(store: Store, query: MetricQuery, quarter_start: date) -> pd.DataFrame:
    """Target and stretch target of the quarter per scope (m19_targets)."""
    frame = run_sql(store, "metrics/m19_targets", query, {"quarter_start": quarter_start})
    return to_float(frame).set_index("scope")


def project_snapshot(
    hist: History,
    snapshot: date,
    quarter_start: date,
    week: int,
    open_deals: pd.DataFrame,
    targets: pd.DataFrame,
    closed: int,
    min_closed: int,
) -> pd.DataFrame:
    """One row per scope: the projection made at `snapshot` from `hist` (nothing after it).

    Unavailable (empty p10, p50, p90) with fewer than `min_closed` closed deals (settings
    m19_min_closed_deals) or no covered quarter (History.covered_from) ended before the snapshot's.
    """
    past, past_books, past_snaps = hist.past(quarter_start)
    now_books = hist.bookings[hist.bookings["snapshot_date"] == snapshot].set_index("scope")
    available = closed >= min_closed and not past.empty
    rates = model.calibrate(past, week) if available else None
    scopes = sorted(set(open_deals["scope"].unique()) | set(now_books.index) | set(targets.index))
    deals_of = dict(tuple(open_deals.groupby("scope")))
    past_of = dict(tuple(past.groupby("scope")))
    books_of = dict(tuple(past_books.groupby("scope")))
    rows: list[dict[str, Any]] = []
    for scope in scopes:
        deals = deals_of.get(scope, open_deals.iloc[:0])
        amounts = deals["amount"].to_numpy(dtype=float)
        stages = deals["stage"].to_numpy(dtype=float)
        booked = float(now_books["booked"].get(scope, 0.0))
        row: dict[str, Any] = {
            "scope": scope,
            "booked": booked,
            "open_pipeline": float(amounts.sum()),
            "weighted": booked + float((amounts * stages / 100).sum()),
            "commit": booked
            + float(amounts[(deals["forecast_category"] == "commit").to_numpy()].sum()),
            "target": targets["target"].get(scope, np.nan),
            "stretch_target": targets["stretch_target"].get(scope, np.nan),
            "snapshot_date": snapshot,
        }
        if rates is not None:
            ladder = deals["ladder_stage"].to_numpy(dtype=float)
            own = past_of.get(scope, past.iloc[:0])
            effect = model.quarter_effect(own, rates, week)
            beyond = model.beyond_pipeline(
                own, books_of.get(scope, past_books.iloc[:0]), past_snaps, week
            )
            outcomes = model.simulate(
                amounts, rates.of(ladder), booked=booked, effect=effect, beyond=beyond
            )
            p10, p50, p90 = model.bands(outcomes)
            slip = rates.of(ladder, "slip")
            row.update(
                p10=p10,
                p50=p50,
                p90=p90,
                expected=float(outcomes.mean()),
                slip_rate=float((amounts * slip).sum() / amounts.sum())
                if amounts.sum()
                else np.nan,
            )
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["scope", *EXTRA_COLUMNS])
    frame["value"] = frame["p50"]
    return frame


# The version of what M19 returns, for the results kept in the store (analytics/memo.py): bump
# it when the projection changes.
M19_MEMO_VERSION = "1"


def _compute_m19(store: Store, query: MetricQuery) -> pd.DataFrame:
    """M19 at the query's snapshot: computed once per data version and kept in the store (a
    few hundred milliseconds at 10M snapshot rows, asked by the Overview and Weekly pages)."""
    return remembered(store, "M19", M19_MEMO_VERSION, (query,), lambda: _project(store, query))


def _project(store: Store, query: MetricQuery) -> pd.DataFrame:
    snap = run_sql(store, "metrics/m19_snapshot", query)
    snapshot = snap["snapshot_date"].iloc[0] if len(snap) else None
    if snapshot is None or pd.isna(snapshot):
        empty = pd.DataFrame(columns=["period_start", "period", "scope", "value", *EXTRA_COLUMNS])
        return shape_standard(M19, empty)
    snapshot = pd.Timestamp(snapshot).date()
    quarter_start = pd.Timestamp(snap["quarter_start"].iloc[0]).date()
    frame = project_snapshot(
        read_history(store, query, snapshot, int(snap["week"].iloc[0])),
        snapshot,
        quarter_start,
        int(snap["week"].iloc[0]),
        read_open(store, query, snapshot),
        read_targets(store, query, quarter_start),
        closed_deals(store, query, snapshot),
        store.settings.thresholds.m19_min_closed_deals,
    )
    frame.insert(0, "period_start", quarter_start)
    frame.insert(1, "period", str(snap["period"].iloc[0]))
    return shape_standard(M19, frame)


M19 = register(
    MetricSpec(
        id="M19",
        name="Quarter projection",
        description=(
            "P50 of the fiscal quarter's final bookings simulated at a snapshot (as of --as-of, "
            "default the latest): booked so far + the open deals closing in the quarter at win "
            "and slip rates calibrated on the quarters ended before it + what past quarters "
            "booked beyond their pipeline; with P10/P90, the stage-weighted pipeline and the "
            "commit. Unavailable without 30 closed deals and one ended quarter of history."
        ),
        compute=_compute_m19,
        extra_columns=EXTRA_COLUMNS,
        unit="amount",
        notes="one row per scope for the quarter of the snapshot; --grain and --from/--to are ignored",
    )
)

__all__ = ["EXTRA_COLUMNS", "M19", "History", "project_snapshot", "read_history"]
