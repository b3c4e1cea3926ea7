"""The analytics requests of the Team page: the rep matrix and one rep's trends, all cached.

The matrix uses the sidebar's regions, reps and month range; a rep's trends use the same range
narrowed to that rep (and its region for the velocity comparison). None computes a number.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd

from analytics.calendar import month_label, month_start
from analytics.calendar import today as clock_today
from analytics.metrics.base import Grain, MetricQuery
from analytics.metrics.bookings import bookings_behind_range
from analytics.metrics.matrix import rep_matrix
from analytics.metrics.pipeline import pipeline_deals
from analytics.snapshot_views import open_pipeline_by_snapshot, snapshot_dates
from dashboard import data
from dashboard.context import PageContext


def directory(ctx: PageContext) -> pd.DataFrame:
    """The reps in the sidebar's regions and reps (all when none chosen): rep, name, region."""
    reps = data.rep_directory(ctx.store, ctx.key)
    if ctx.filters.regions:
        reps = reps[reps["region"].isin(ctx.filters.regions)]
    if ctx.filters.reps:
        reps = reps[reps["rep"].isin(ctx.filters.reps)]
    return reps.reset_index(drop=True)


def matrix(ctx: PageContext) -> pd.DataFrame:
    """M16 per rep over the sidebar's range with the numbers behind it (DETAIL_COLUMNS)."""
    return ctx.call(rep_matrix, ctx.query(by="rep"))


def rep_query(ctx: PageContext, rep: str, grain: Grain = "month", **changes: object) -> MetricQuery:
    """The sidebar's range for one rep."""
    return replace(ctx.query(by="rep", grain=grain), reps=(rep,), **changes)  # type: ignore[arg-type]


def region_query(ctx: PageContext, region: str, grain: Grain = "month") -> MetricQuery:
    """The sidebar's range for one whole region."""
    return replace(ctx.query(by="region", grain=grain), regions=(region,), reps=())


def completed_weeks_to(ctx: PageContext, today: date | None = None) -> date:
    """Weeks whose Monday is on or before this day are over by the end of the range (or today):
    a week still running would show as a miss."""
    today = today or clock_today()
    end = min(ctx.filters.date_to or today, today)
    return end - timedelta(days=6)


def accuracy(ctx: PageContext, rep: str) -> pd.DataFrame:
    """M1 by completed week of the range."""
    return ctx.metric("M1", rep_query(ctx, rep, "week", date_to=completed_weeks_to(ctx)))


def attainment(ctx: PageContext, rep: str) -> pd.DataFrame:
    """M18 by month (value = actual / target, stretch_attainment beside it)."""
    return ctx.metric("M18", rep_query(ctx, rep, "month"))


def discipline(ctx: PageContext, rep: str) -> pd.DataFrame:
    """M14 (weekly calls on time) by month."""
    return ctx.metric("M14", rep_query(ctx, rep, "month"))


def pipeline(ctx: PageContext, rep: str) -> pd.DataFrame:
    """Open pipeline, open commit and weighted pipeline at every snapshot of the range."""
    return ctx.call(open_pipeline_by_snapshot, rep_query(ctx, rep))


def velocity(ctx: PageContext, rep: str) -> pd.DataFrame:
    """M17 by month (last snapshot of each month) for the rep."""
    return ctx.metric("M17", rep_query(ctx, rep, "month"))


def region_velocity(ctx: PageContext, region: str) -> pd.DataFrame:
    """M17 by month for the rep's whole region."""
    return ctx.metric("M17", region_query(ctx, region, "month"))


def bookings(ctx: PageContext, rep: str) -> pd.DataFrame:
    """The orders behind the rep's actuals, month by month over the range (M18's numerator)."""
    first, last = ctx.filters.month_from, ctx.filters.month_to
    if not first or not last:
        return pd.DataFrame()
    query = rep_query(ctx, rep, "month")
    frame = ctx.call(bookings_behind_range, query, month_start(first), month_start(last), rep)
    return frame if not frame.empty else pd.DataFrame()


def open_deals(ctx: PageContext, rep: str, as_of: date | None) -> pd.DataFrame:
    """The rep's open deals at the snapshot `as_of` (see latest_snapshot); empty without one."""
    if as_of is None:
        return pd.DataFrame()
    return ctx.call(pipeline_deals, rep_query(ctx, rep, as_of=as_of), "all")


def latest_snapshot(ctx: PageContext) -> date | None:
    """The latest snapshot on or before the end of the range (the rep's open deals are read there)."""
    dates: list[date] = ctx.call(snapshot_dates)
    end = ctx.filters.date_to
    inside = [d for d in dates if end is None or d <= end]
    return inside[-1] if inside else None


def range_label(ctx: PageContext) -> tuple[str, str]:
    """The first and last month of the range, for captions."""
    first = ctx.filters.month_from or (
        month_label(ctx.filters.date_from) if ctx.filters.date_from else ""
    )
    return first, ctx.filters.month_to or ""
