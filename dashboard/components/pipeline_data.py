"""The analytics requests of the Pipeline page, one function per chart or table, all cached.

Each builds the MetricQuery for the page's picks (as-of snapshot s1, comparison snapshot s0,
close-date window) with the sidebar's regions and reps, and asks analytics; none computes a
number. A function analytics does not provide raises data.NotAvailable.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from analytics.metrics.base import MetricQuery
from analytics.metrics.waterfall import Waterfall
from dashboard.components.pipeline_picks import Picks, Window
from dashboard.context import PageContext

VIEWS = "analytics.snapshot_views"
PIPELINE = "analytics.metrics.pipeline"
WATERFALL = "analytics.metrics.waterfall"


def snapshot_dates(ctx: PageContext) -> list[date]:
    """Every snapshot date of the store, oldest first."""
    result: list[date] = ctx.call(f"{VIEWS}:snapshot_dates")
    return result


def _as_of(ctx: PageContext, s1: date) -> MetricQuery:
    return ctx.query(as_of=s1)


def stage_mix(ctx: PageContext, s1: date, window: Window) -> pd.DataFrame:
    """Deals of snapshot s1 closing in the window by ladder stage and forecast category."""
    result: pd.DataFrame = ctx.call(f"{VIEWS}:stage_mix", _as_of(ctx, s1), window.start, window.end)
    return result


def stage_mix_deals(ctx: PageContext, s1: date, window: Window) -> pd.DataFrame:
    """The deals behind the stage distribution."""
    result: pd.DataFrame = ctx.call(
        f"{VIEWS}:stage_mix_deals", _as_of(ctx, s1), window.start, window.end
    )
    return result


def waterfall_query(ctx: PageContext, picks: Picks) -> MetricQuery:
    """M12's query: s0, s1 and the close-date window as date_from/date_to."""
    return ctx.query(
        date_from=picks.window.start, date_to=picks.window.end, s0=picks.s0, s1=picks.s1
    )


def waterfall(ctx: PageContext, picks: Picks) -> Waterfall:
    """M12 exact to the cent: the nine amounts, the snapshots compared, reconciles()."""
    result: Waterfall = ctx.call(f"{WATERFALL}:waterfall", waterfall_query(ctx, picks))
    return result


def waterfall_deals(ctx: PageContext, picks: Picks) -> pd.DataFrame:
    """The deals behind every bar of M12, one row per deal and step."""
    result: pd.DataFrame = ctx.call(f"{WATERFALL}:waterfall_deals", waterfall_query(ctx, picks))
    return result


def deal_list(ctx: PageContext, kind: str, s1: date) -> pd.DataFrame:
    """Open deals of snapshot s1 that slipped, are stale or are past due (M11's lists)."""
    function = {"slipped": "slipped_deals", "stale": "stale_deals", "past_due": "past_due_deals"}[
        kind
    ]
    result: pd.DataFrame = ctx.call(f"{PIPELINE}:{function}", _as_of(ctx, s1))
    return result


def calibration(ctx: PageContext, s1: date) -> pd.DataFrame:
    """M15 over every snapshot up to s1 (the sidebar's month range does not narrow it)."""
    query = replace(ctx.query(as_of=s1), date_from=None, date_to=None)
    return ctx.metric("M15", query)
