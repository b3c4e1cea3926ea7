"""M18 Attainment: actual bookings against target and stretch target, with year to date.

Every comparison in this cadence is against the raised (stretch) target; the plain target is
kept beside it. Month and quarter rows carry year-to-date columns (first fiscal month through
the period's last month), so the executive view reads YTD off the latest row. SQL:
sql/metrics/m18.sql; the orders behind an actual: analytics.metrics.bookings.bookings_behind.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from analytics.metrics.base import MetricQuery, MetricSpec, register
from analytics.metrics.common import run_sql, shape_standard
from analytics.store import Store

YTD_COLUMNS = (
    "ytd_attainment",
    "ytd_stretch_attainment",
    "ytd_actual",
    "ytd_target",
    "ytd_stretch_target",
)


def _monthly_or_coarser(query: MetricQuery) -> MetricQuery:
    """Targets are monthly: a week grain is read as month."""
    return replace(query, grain="month") if query.grain == "week" else query


def _compute_m18(store: Store, query: MetricQuery) -> pd.DataFrame:
    monthly = _monthly_or_coarser(query)
    return shape_standard(M18, run_sql(store, "metrics/m18", monthly), store, monthly.grain)


M18 = register(
    MetricSpec(
        id="M18",
        name="Attainment",
        description=(
            "Actual bookings / target per month or quarter (a week grain is read as month), "
            "with actual / stretch target and both again year to date (first fiscal month "
            "through the period's last month)."
        ),
        compute=_compute_m18,
        judged="outcome",
        judged_columns=("stretch_attainment", "ytd_attainment", "ytd_stretch_attainment"),
        numerator="actual",
        denominator="target",
        extra_columns=("stretch_attainment", "stretch_target") + YTD_COLUMNS,
    )
)


def attainment_ytd(store: Store, query: MetricQuery, as_of: date) -> pd.DataFrame:
    """Year to date per scope through the month holding `as_of`: `scope` and YTD_COLUMNS.

    The whole month of `as_of` counts, its target included (no pro-rating); bookings of that
    month after `as_of` are counted too when the store already holds them.
    """
    month = as_of.replace(day=1)
    frame = M18.compute(store, replace(query, grain="month", date_from=month, date_to=month))
    return frame[["scope", *YTD_COLUMNS]].reset_index(drop=True)


def attainment_over_range(store: Store, query: MetricQuery) -> pd.DataFrame:
    """M18 per scope over the whole range (months whose first day lies in it), for M16.

    Columns `scope, actual, target, value, stretch_target, stretch_attainment`. A target that
    is missing for any month of the range makes the sum (and its ratio) unavailable.
    """
    monthly = M18.compute(store, replace(query, grain="month"))
    if monthly.empty:
        return pd.DataFrame(
            columns=["scope", "actual", "target", "value", "stretch_target", "stretch_attainment"]
        )
    grouped = monthly.groupby("scope", sort=True)
    months = grouped.size()
    # One month without a target makes the range's target (and its ratio) unavailable.
    target = grouped["target"].sum().where(grouped["target"].count() == months)
    stretch = grouped["stretch_target"].sum().where(grouped["stretch_target"].count() == months)
    out = pd.DataFrame(
        {"actual": grouped["actual"].sum(), "target": target, "stretch_target": stretch}
    ).reset_index()
    out["value"] = out["actual"] / out["target"].where(out["target"] > 0)
    out["stretch_attainment"] = out["actual"] / out["stretch_target"].where(
        out["stretch_target"] > 0
    )
    return out[["scope", "actual", "target", "value", "stretch_target", "stretch_attainment"]]


__all__ = ["M18", "YTD_COLUMNS", "attainment_over_range", "attainment_ytd"]
