"""The analytics requests of the Monthly forecast review, one function per table, all cached.

Each function builds a MetricQuery for the review month (sidebar filters applied) and asks
analytics through the context's cache; `review_table` is analytics.metrics.monthly's table of
every rep, region and the company for the review month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd

from analytics.calendar import (
    add_months,
    due_review_month,
    fiscal_quarter_label,
    fiscal_quarter_start,
    month_end,
    month_label,
    month_start,
    review_deadline,
)
from analytics.calendar import now as clock_now
from analytics.metrics import forecast, forecast_months, monthly
from analytics.metrics.base import Scope
from analytics.metrics.pipeline import DealList, narrow_deals, pipeline_deals, scores_of
from dashboard import data
from dashboard.context import PageContext

TREND_MONTHS = 12
GROWTH_MONTHS = 6
COVERAGE_MONTHS = 6


@dataclass(frozen=True)
class Month:
    """The review month and the day snapshot-based numbers are read at (its end, or today)."""

    label: str
    as_of: date

    @classmethod
    def of(cls, label: str, today: date) -> Month:
        return cls(label, min(month_end(label), today))

    @property
    def start(self) -> date:
        return month_start(self.label)

    def shifted(self, months: int) -> date:
        return month_start(add_months(self.label, months))

    def quarter_start(self, fiscal_start_month: int) -> date:
        return fiscal_quarter_start(self.start, fiscal_start_month)

    def quarter_label(self, fiscal_start_month: int) -> str:
        return fiscal_quarter_label(self.start, fiscal_start_month)


def month_options(ctx: PageContext, today: date) -> tuple[list[str], str | None]:
    """Review months from the first to the last month with data (newest first) and the default.

    The current month is offered when the data reaches the month before it (a live store). The
    default is the latest review month whose 12-month forecast is due (`due_review_month`: the
    current month once its first Monday 09:00 has passed, else the month before), or the latest
    month offered before it; a month not yet due is offered but never opened by default.
    """
    low, high = data.data_bounds(ctx.store, ctx.key)
    if low is None or high is None:
        return [], None
    current = month_label(today)
    last = month_label(high)
    if last < current <= add_months(last, 1):
        last = current
    first = month_label(low)
    options: list[str] = []
    label = last
    while label >= first:
        options.append(label)
        label = add_months(label, -1)
    s = ctx.settings
    due = month_label(
        due_review_month(s.call_deadline_weekday, s.call_deadline_hour, at=_moment_on(today))
    )
    past = [m for m in options if m <= due]
    default = past[0] if past else options[-1]
    return options, default


def _moment_on(day: date) -> datetime:
    """The clock's moment when `day` is today, else the end of `day` (a page asked about another
    day, as tests do)."""
    moment = clock_now()
    return moment if moment.date() == day else datetime.combine(day, time(23, 59))


def review_due(ctx: PageContext, label: str) -> datetime:
    """When the 12-month forecast of review month `label` is due."""
    s = ctx.settings
    return review_deadline(month_start(label), s.call_deadline_weekday, s.call_deadline_hour)


def _one_month(ctx: PageContext, metric: str, month: Month, by: Scope) -> pd.DataFrame:
    query = ctx.query(
        by=by, grain="month", date_from=month.start, date_to=month.start, as_of=month.as_of
    )
    return ctx.metric(metric, query)


def _the_month(frame: pd.DataFrame, month: Month) -> pd.DataFrame:
    """The review month's rows of a trend (each month of a range is computed on its own, so they
    are the rows a query of that month alone gives)."""
    return frame[frame["period"].astype(str) == month.label].reset_index(drop=True)


def twelve_month_cover(ctx: PageContext, month: Month) -> pd.DataFrame:
    """M8 of the review month at company scope: its row of the cached `cover_trend`."""
    return _the_month(cover_trend(ctx, month), month)


def twelve_month_profile(ctx: PageContext, month: Month) -> pd.DataFrame:
    """M8's twelve months one by one for the review month, company-wide (sidebar filters)."""
    query = ctx.query(grain="month", as_of=month.as_of)
    frame = ctx.call(forecast_months.twelve_month_profile, query, month.start)
    return frame[frame["scope"] == "company"].reset_index(drop=True)


def cover_trend(ctx: PageContext, month: Month) -> pd.DataFrame:
    """M8 at company scope for the TREND_MONTHS review months up to the chosen one."""
    query = ctx.query(
        grain="month",
        date_from=month.shifted(1 - TREND_MONTHS),
        date_to=month.start,
        as_of=month.as_of,
    )
    return ctx.metric("M8", query)


def forecast_discipline(ctx: PageContext, month: Month) -> pd.DataFrame:
    """M14m of the review month at company scope: the frame the review table was built from."""
    return review(ctx, month).parts[("company", "M14m")]


def quarter_coverage(ctx: PageContext, month: Month) -> pd.DataFrame:
    """M9 of the fiscal quarter holding the review month, at the snapshot as of month.as_of, at
    company scope: the frame the review table was built from."""
    return review(ctx, month).parts[("company", "M9")]


def coverage_by_month(ctx: PageContext, month: Month) -> pd.DataFrame:
    """M9 at company scope for the review month and the months after it (close months)."""
    query = ctx.query(
        grain="month",
        date_from=month.start,
        date_to=month.shifted(COVERAGE_MONTHS - 1),
        as_of=month.as_of,
    )
    return ctx.metric("M9", query)


def growth(ctx: PageContext, month: Month, metric: str) -> pd.DataFrame:
    """M10 or M10c of the review month at company scope: its row of the cached `growth_trend`."""
    return _the_month(growth_trend(ctx, month, metric), month)


def growth_trend(ctx: PageContext, month: Month, metric: str) -> pd.DataFrame:
    """M10 or M10c at company scope for the GROWTH_MONTHS months up to the review month."""
    query = ctx.query(
        grain="month",
        date_from=month.shifted(1 - GROWTH_MONTHS),
        date_to=month.start,
        as_of=month.as_of,
    )
    return ctx.metric(metric, query)


def quality(ctx: PageContext, month: Month, by: Scope = "company") -> pd.DataFrame:
    """M11 components of the review month's last snapshot and of the month before (prev_*)."""
    return _one_month(ctx, "M11", month, by)


def quality_score(ctx: PageContext, month: Month) -> pd.DataFrame:
    """M11s of the review month at company scope, with prev_value the score a month before:
    scored from the cached M11 frame of `quality` rather than a second run of M11's SQL."""
    return scores_of(quality(ctx, month))


def accuracy_by_horizon(ctx: PageContext, month: Month) -> pd.DataFrame:
    """M7 per horizon over the TREND_MONTHS target months up to the review month (ended only)."""
    query = ctx.query(
        grain="month",
        date_from=month.shifted(1 - TREND_MONTHS),
        date_to=month.start,
        as_of=month.as_of,
    )
    return ctx.call(forecast.accuracy_by_horizon, query)


def deals(ctx: PageContext, month: Month, kind: DealList, by: Scope, scope: str) -> pd.DataFrame:
    """The open deals (or the slipped, stale or past-due ones) at the review's snapshot: the four
    lists are cut from one cached list of the scope's open deals."""
    query = ctx.query(
        by=by, grain="month", date_from=month.start, date_to=month.start, as_of=month.as_of
    )
    return narrow_deals(ctx.call(pipeline_deals, query, "all", scope), kind)


def review(ctx: PageContext, month: Month) -> monthly.Review:
    """analytics.metrics.monthly.review for the review month (sidebar filters applied): the
    review table and the metric frames behind it, one cached call."""
    quarter = month.quarter_start(ctx.settings.fiscal_year_start_month)
    return ctx.call(monthly.review, ctx.query(as_of=month.as_of), month.start, quarter)


def review_table(ctx: PageContext, month: Month) -> pd.DataFrame:
    """analytics.metrics.monthly.review_table for the review month (sidebar filters applied)."""
    return review(ctx, month).table


def latest_snapshot(ctx: PageContext, month: Month) -> date | None:
    """The snapshot the review's snapshot-based numbers read: the latest on or before month.as_of
    (at most snapshot_max_age_days old), as M9 of the review's quarter picks it."""
    return snapshot_of(quarter_coverage(ctx, month))


def snapshot_of(frame: pd.DataFrame, column: str = "snapshot_date") -> date | None:
    """The snapshot date a snapshot-based frame was read at (None when empty)."""
    if frame.empty or column not in frame.columns:
        return None
    value = frame[column].dropna()
    if value.empty:
        return None
    return pd.Timestamp(value.iloc[0]).date()
