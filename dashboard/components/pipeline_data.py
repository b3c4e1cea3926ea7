"""The analytics requests of the Pipeline page, one function per chart or table, all cached.

Each builds the MetricQuery for the page's picks (as-of snapshot s1, comparison snapshot s0,
close-date window) with the sidebar's regions and reps, and asks analytics; none computes a
number.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from analytics import snapshot_views as views
from analytics.metrics import pipeline as pipeline_metric
from analytics.metrics import waterfall as waterfall_metric
from analytics.metrics.base import MetricQuery
from analytics.metrics.pipeline import DealList
from analytics.metrics.waterfall import Waterfall
from dashboard.components.pipeline_picks import Picks, Window
from dashboard.context import PageContext


def snapshot_dates(ctx: PageContext) -> list[date]:
    """Every snapshot date of the store, oldest first."""
    return ctx.call(views.snapshot_dates)


def _as_of(ctx: PageContext, s1: date) -> MetricQuery:
    return ctx.query(as_of=s1)


def stage_mix(ctx: PageContext, s1: date, window: Window) -> pd.DataFrame:
    """Deals of snapshot s1 closing in the window by ladder stage and forecast category."""
    return ctx.call(views.stage_mix, _as_of(ctx, s1), window.start, window.end)


def stage_mix_deals(ctx: PageContext, s1: date, window: Window) -> pd.DataFrame:
    """The deals behind the stage distribution."""
    return ctx.call(views.stage_mix_deals, _as_of(ctx, s1), window.start, window.end)


def waterfall_query(ctx: PageContext, picks: Picks) -> MetricQuery:
    """M12's query: s0, s1 and the close-date window as date_from/date_to."""
    return ctx.query(
        date_from=picks.window.start, date_to=picks.window.end, s0=picks.s0, s1=picks.s1
    )


def waterfall(ctx: PageContext, picks: Picks) -> Waterfall:
    """M12 exact to the cent: the nine amounts, the snapshots compared, reconciles()."""
    return ctx.call(waterfall_metric.waterfall_and_deals, waterfall_query(ctx, picks))[0]


def waterfall_deals(ctx: PageContext, picks: Picks) -> pd.DataFrame:
    """The deals behind every bar of M12, one row per deal and step (the same cached call as
    the bars)."""
    return ctx.call(waterfall_metric.waterfall_and_deals, waterfall_query(ctx, picks))[1]


def deal_list(ctx: PageContext, kind: DealList, s1: date) -> pd.DataFrame:
    """Open deals of snapshot s1 that slipped, are stale or are past due (M11's lists), each cut
    from the one cached list of open deals."""
    every = ctx.call(pipeline_metric.pipeline_deals, _as_of(ctx, s1), "all")
    return pipeline_metric.narrow_deals(every, kind)


def calibration(ctx: PageContext, s1: date) -> pd.DataFrame:
    """M15 over every snapshot up to s1 (the sidebar's month range does not narrow it)."""
    query = replace(ctx.query(as_of=s1), date_from=None, date_to=None)
    return ctx.metric("M15", query)
