"""The M19 requests of the Overview and Weekly pages, cached, and the sentences they show.

The fan of the running quarter (analytics.backtest.quarter_fan), the projection at one snapshot
(M19) and how often its band held in past quarters (analytics.backtest.band_record, the
backtest of the last four completed quarters: the slowest request of the two pages, computed
once per data change by the page cache). Company scope of the sidebar's regions and reps.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.backtest import BAND_AIM, band_record, quarter_fan
from dashboard.components.bands import NO_THRESHOLD, UNAVAILABLE
from dashboard.components.kpi import Kpi
from dashboard.context import PageContext

RECORD_QUARTERS = 4


def fan(ctx: PageContext, as_of: date) -> pd.DataFrame:
    """The running quarter's projections at each of its snapshots up to `as_of`."""
    return ctx.call(quarter_fan, "company", ctx.filters.regions, ctx.filters.reps, as_of)


def record(ctx: PageContext) -> pd.DataFrame:
    """The backtest summary of the last RECORD_QUARTERS completed quarters (first row: all)."""
    return ctx.call(band_record, "company", ctx.filters.regions, ctx.filters.reps, RECORD_QUARTERS)


def projection(ctx: PageContext, as_of: date) -> pd.Series | None:
    """M19 at the snapshot as of `as_of` (company row), None without one."""
    frame = ctx.metric("M19", ctx.query(as_of=as_of))
    return None if frame.empty else frame.iloc[0]


def record_sentence(ctx: PageContext) -> str:
    """ "In the last 4 completed quarters the band held the outcome in 84% of 52 projections …"."""
    summary = record(ctx)
    row = summary.iloc[0] if len(summary) else None
    if row is None or not row["points"]:
        return ctx.t("proj_record_none")
    return ctx.t(
        "proj_record",
        quarters=int(row["quarters"]),
        share=ctx.pct(row["inside_p10_p90"], 0),
        points=int(row["points"]),
        wape_p50=ctx.pct(row["wape_p50"]),
        wape_weighted=ctx.pct(row["wape_weighted"]),
        aim=ctx.pct(BAND_AIM, 0),
    )


def weekly_tiles(ctx: PageContext, as_of: date) -> list[Kpi]:
    """Two tiles for the Weekly page: the quarter's P50 (with P10-P90) beside booked + commit."""
    row = projection(ctx, as_of)
    if row is None:
        return []
    available = not pd.isna(row["p50"])
    p50 = Kpi(
        "proj-p50",
        ctx.t("proj_kpi_p50"),
        ctx.money(row["p50"]) if available else ctx.t("unavailable"),
        NO_THRESHOLD if available else UNAVAILABLE,
        help=ctx.t("proj_help_p50"),
        caption=(
            ctx.t("proj_sub_range", p10=ctx.money(row["p10"]), p90=ctx.money(row["p90"]))
            if available
            else ctx.t("proj_unavailable", min_closed=ctx.settings.thresholds.m19_min_closed_deals)
        ),
    )
    commit = Kpi(
        "proj-commit",
        ctx.t("proj_kpi_commit"),
        ctx.money(row["commit"]),
        NO_THRESHOLD,
        help=ctx.t("proj_help_commit"),
        caption=ctx.t("proj_sub_weighted", weighted=ctx.money(row["weighted"])),
    )
    return [p50, commit]
