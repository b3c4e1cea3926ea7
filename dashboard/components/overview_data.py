"""The analytics requests of the Overview page, one function per number or table, all cached.

Each function builds the MetricQuery for the overview's quarter (company scope, sidebar filters)
and asks analytics; none computes a metric.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.calendar import today as clock_today
from analytics.metrics.bookings import bookings_behind
from analytics.metrics.commit import commit_hit_rate, ratio_over_range
from analytics.metrics.discipline import submissions_behind
from analytics.metrics.linearity import weekly_linearity
from analytics.metrics.pipeline import pipeline_deals
from analytics.outlook import QuarterOutlook, quarter_outlook
from dashboard.context import PageContext


def _empty() -> pd.DataFrame:
    return pd.DataFrame()


def attainment(ctx: PageContext, q_start: date, as_of: date) -> pd.DataFrame:
    """M18 for the quarter (value = actual / target; stretch attainment as extra column)."""
    return ctx.metric(
        "M18", ctx.query(grain="quarter", date_from=q_start, date_to=q_start, as_of=as_of)
    )


def outlook(ctx: PageContext, as_of: date) -> QuarterOutlook | None:
    """The quarter outlook of the headline (analytics.outlook) at the snapshot as of `as_of`."""
    return ctx.call(quarter_outlook, ctx.query(), as_of, clock_today())


def commit_accuracy(ctx: PageContext, q_start: date, weeks_to: date) -> pd.DataFrame:
    """M1 over the quarter's completed weeks: actual and commit added over rep-weeks, then divided."""
    if weeks_to < q_start:
        return _empty()
    weekly = ctx.metric("M1", ctx.query(grain="week", date_from=q_start, date_to=weeks_to))
    return ratio_over_range(weekly, "actual", "commit")


def hit_rate(ctx: PageContext, q_start: date, weeks_to: date) -> pd.DataFrame:
    """M1h over the quarter's completed weeks."""
    if weeks_to < q_start:
        return _empty()
    return ctx.call(commit_hit_rate, ctx.query(grain="week", date_from=q_start, date_to=weeks_to))


def weekly_accuracy(ctx: PageContext, weeks_to: date) -> pd.DataFrame:
    """M1 per completed week of the sidebar's month range (company scope)."""
    end = min(ctx.filters.date_to or weeks_to, weeks_to)
    start = ctx.filters.date_from
    if start is not None and end < start:
        return _empty()
    return ctx.metric("M1", ctx.query(grain="week", date_to=end))


def linearity(ctx: PageContext, q_start: date) -> pd.DataFrame:
    """M13 for the quarter: linearity index, with the monthly shares as extra columns."""
    return ctx.metric("M13", ctx.query(grain="quarter", date_from=q_start, date_to=q_start))


def linearity_weeks(ctx: PageContext, q_start: date) -> pd.DataFrame:
    """The quarter's bookings by week of quarter: week, bookings, cumulative, ideal."""
    return ctx.call(
        weekly_linearity, ctx.query(grain="quarter", date_from=q_start, date_to=q_start), q_start
    )


def coverage(ctx: PageContext, q_start: date, as_of: date) -> pd.DataFrame:
    """M9 for the quarter at the snapshot as of the as-of day."""
    return ctx.metric(
        "M9", ctx.query(grain="quarter", date_from=q_start, date_to=q_start, as_of=as_of)
    )


def growth(ctx: PageContext, as_of: date) -> pd.DataFrame:
    """M10 for the month of the as-of day."""
    month = as_of.replace(day=1)
    return ctx.metric("M10", ctx.query(grain="month", date_from=month, date_to=month, as_of=as_of))


def unrealized(ctx: PageContext, q_start: date) -> pd.DataFrame:
    """M4 for the quarter."""
    return ctx.metric("M4", ctx.query(grain="quarter", date_from=q_start, date_to=q_start))


def discipline(ctx: PageContext, q_start: date, as_of: date) -> pd.DataFrame:
    """M14 (weekly calls) for the quarter."""
    return ctx.metric(
        "M14", ctx.query(grain="quarter", date_from=q_start, date_to=q_start, as_of=as_of)
    )


# -- drill-downs ----------------------------------------------------------------------------------
def quarter_bookings(ctx: PageContext, q_start: date) -> pd.DataFrame:
    """The orders behind the quarter's actuals (M18, M13)."""
    return ctx.call(bookings_behind, ctx.query(grain="quarter"), q_start, "company")


def commit_bookings(ctx: PageContext, q_start: date) -> pd.DataFrame:
    """The orders behind M1's actual: bookings of rep-weeks that had a call."""
    return ctx.call(
        bookings_behind,
        ctx.query(grain="quarter"),
        q_start,
        "company",
        called_weeks_only=True,
    )


def unrealized_orders(ctx: PageContext, q_start: date) -> pd.DataFrame:
    """The orders in M4's numerator: unrealized or cancelled orders of the quarter."""
    frame: pd.DataFrame = ctx.call(
        bookings_behind,
        ctx.query(grain="quarter"),
        q_start,
        "company",
        include_cancelled=True,
    )
    if "unrealized" in frame.columns:
        frame = frame[frame["unrealized"].fillna(False).astype(bool)].reset_index(drop=True)
    return frame


def quarter_pipeline(ctx: PageContext, q_start: date, as_of: date) -> pd.DataFrame:
    """The open deals behind M9: open deals of the as-of snapshot closing in the quarter."""
    deals: pd.DataFrame = ctx.call(
        pipeline_deals, ctx.query(grain="quarter", as_of=as_of), "all", "company"
    )
    if "close_date" not in deals.columns or deals.empty:
        return deals
    close = pd.to_datetime(deals["close_date"])
    q_end = pd.Timestamp(q_start) + pd.DateOffset(months=3)
    inside = (close >= pd.Timestamp(q_start)) & (close < q_end)
    return deals[inside].reset_index(drop=True)


def quarter_calls(ctx: PageContext, q_start: date, as_of: date) -> pd.DataFrame:
    """The expected rep-weeks behind M14 for the quarter, each on time, late or missing."""
    return ctx.call(
        submissions_behind,
        ctx.query(grain="quarter", date_from=q_start, date_to=q_start, as_of=as_of),
        q_start,
        "company",
    )
