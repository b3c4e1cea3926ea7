"""The analytics requests of the Weekly commit call page, one function per table, all cached.

Every function builds a MetricQuery with the sidebar filters and asks analytics (through the
context's cache); none computes a metric or sums a deal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from analytics.calendar import fiscal_quarter_label, month_label, week_of_quarter
from analytics.metrics import bookings, commit, discipline, pipeline, weekly
from analytics.metrics.base import MetricQuery, Scope
from dashboard.context import PageContext


@dataclass(frozen=True)
class Week:
    """The week under review (its Monday), last week, and the month and quarter it falls in."""

    monday: date

    @property
    def last(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def month_start(self) -> date:
        """The month of the Monday: a week belongs to the period that contains its Monday."""
        return self.monday.replace(day=1)

    @property
    def month_label(self) -> str:
        return month_label(self.monday)

    def quarter_label(self, fiscal_start_month: int) -> str:
        return fiscal_quarter_label(self.monday, fiscal_start_month)

    def week_of_quarter(self, fiscal_start_month: int) -> int:
        """1..13 as in METRICS.md (days past week 13 fold into week 13)."""
        return week_of_quarter(self.monday, fiscal_start_month)


def call_weeks(ctx: PageContext) -> list[date]:
    """The Mondays of every week with at least one call in the store (any rep), newest first.

    Read from M1 at company scope over all time and without the sidebar filters, so that the
    week picker offers the same weeks whatever is filtered.
    """
    frame = ctx.metric("M1", MetricQuery(by="company", grain="week"))
    if frame.empty:
        return []
    weeks = {date.fromisoformat(str(p)) for p in frame["period"]}
    return sorted(weeks, reverse=True)


def week_table(ctx: PageContext, week: Week) -> pd.DataFrame:
    """The call's table: rep rows grouped by region, each region's total, the company total."""
    return ctx.call(weekly.weekly_table, ctx.query(grain="week"), week.monday)


def missing_calls(ctx: PageContext, week: Week) -> pd.DataFrame:
    """The reps of the filter without a call for the week: rep, rep_name, region."""
    return ctx.call(discipline.missing_calls, ctx.query(grain="week"), week.monday)


def commit_quality(ctx: PageContext, week: Week) -> pd.DataFrame:
    """M5 of the week at company scope (one row, or none without a fresh snapshot)."""
    return ctx.metric("M5", ctx.query(grain="week", date_from=week.monday, date_to=week.monday))


def unrealized(ctx: PageContext, week: Week, by: Scope) -> pd.DataFrame:
    """M4 of the week's month, one row per scope of `by`."""
    return ctx.metric(
        "M4",
        ctx.query(by=by, grain="month", date_from=week.month_start, date_to=week.month_start),
    )


def commit_list(
    ctx: PageContext, week: Week, by: Scope = "company", scope: str | None = None
) -> pd.DataFrame:
    """The M5 commit list of the week: commit deals and should-be-commit upside deals."""
    return ctx.call(commit.commit_list, ctx.query(by=by), week.monday, scope)


def pipeline_deals_of_week(ctx: PageContext, week: Week) -> pd.DataFrame:
    """The open deals of the snapshot as of the week's Monday with their M11 flags."""
    return ctx.call(pipeline.pipeline_deals, ctx.query(as_of=week.monday), "all")


def last_week_orders(ctx: PageContext, week: Week, by: Scope, scope: str) -> pd.DataFrame:
    """The orders behind last week's actual (M1: bookings of rep-weeks that had a call)."""
    return ctx.call(
        bookings.bookings_behind,
        ctx.query(by=by, grain="week", date_from=week.last, date_to=week.last),
        week.last,
        scope,
        called_weeks_only=True,
    )


def calls_behind(ctx: PageContext, week: Week, by: Scope, scope: str) -> pd.DataFrame:
    """The expected calls of the week behind an M14 number, with submission time and status."""
    return ctx.call(
        discipline.submissions_behind,
        ctx.query(
            by=by, grain="week", date_from=week.monday, date_to=week.monday, as_of=week.monday
        ),
        week.monday,
        scope,
    )


def unrealized_orders(ctx: PageContext, week: Week, by: Scope, scope: str) -> pd.DataFrame:
    """The orders in M4's numerator for the week's month: unrealized or cancelled."""
    frame: pd.DataFrame = ctx.call(
        bookings.bookings_behind,
        ctx.query(by=by, grain="month", date_from=week.month_start, date_to=week.month_start),
        week.month_start,
        scope,
        include_cancelled=True,
    )
    if "unrealized" in frame.columns:
        frame = frame[frame["unrealized"].fillna(False).astype(bool)].reset_index(drop=True)
    return frame
