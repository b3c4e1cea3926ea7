"""The monthly 12-month forecast: M7 accuracy by horizon and M8 twelve-month cover.

Every month each rep submits a forecast for the review month and the eleven after it. M7 asks
how close the forecast of a month was to what was booked, by how many months ahead it was made
(h = 1: the forecast made in the month's own review); M8 whether the twelve months of the
latest submissions add up to the stretch target. SQL: sql/metrics/m7.sql and m8.sql.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analytics.metrics.base import MetricQuery, MetricSpec, register
from analytics.metrics.common import run_sql, shape_standard
from analytics.store import Store

HORIZONS: tuple[int, ...] = tuple(range(1, 13))


def _monthly(query: MetricQuery) -> MetricQuery:
    """Forecasts are monthly: a week grain reads as month."""
    return replace(query, grain="month") if query.grain == "week" else query


def _compute_m7(store: Store, query: MetricQuery) -> pd.DataFrame:
    monthly = _monthly(query)
    return shape_standard(M7, run_sql(store, "metrics/m7", monthly), store, monthly.grain)


def _compute_m8(store: Store, query: MetricQuery) -> pd.DataFrame:
    monthly = _monthly(query)
    return shape_standard(M8, run_sql(store, "metrics/m8", monthly), store, monthly.grain)


def accuracy_by_horizon(store: Store, query: MetricQuery) -> pd.DataFrame:
    """M7 over the whole range per scope and horizon: `scope, horizon, actual, forecast, value,
    ape, bias, rep_months` (actual and forecast added over every target month first).

    The small standard M7 frame is summed per (scope, horizon); a chart of accuracy against
    horizon reads this.
    """
    frame = M7.compute(store, query)
    cols = ["actual", "forecast", "bias", "rep_months"]
    if frame.empty:
        return pd.DataFrame(columns=["scope", "horizon", *cols, "value", "ape"])
    sums = frame.groupby(["scope", "horizon"], as_index=False, sort=True)[cols].sum()
    forecast = sums["forecast"].where(sums["forecast"] > 0)
    actual = sums["actual"].where(sums["actual"] > 0)
    sums["value"] = sums["actual"] / forecast
    sums["ape"] = (sums["actual"] - sums["forecast"]).abs() / actual
    return sums[["scope", "horizon", "actual", "forecast", "value", "ape", "bias", "rep_months"]]


M7 = register(
    MetricSpec(
        id="M7",
        name="Forecast accuracy by horizon",
        description=(
            "Actual bookings of the target month / the forecast made for it h months ahead "
            "(h = 1..12: the submission of review month m - (h - 1)); one row per period, scope "
            "and horizon, with the absolute percentage error |actual - forecast| / actual and "
            "the bias forecast - actual. Only months that have ended count."
        ),
        compute=_compute_m7,
        judged="outcome",
        judged_columns=("ape",),
        numerator="actual",
        denominator="forecast",
        extra_columns=("horizon", "ape", "bias", "rep_months"),
    )
)

M8 = register(
    MetricSpec(
        id="M8",
        name="Twelve-month cover",
        description=(
            "Forecast of the twelve months of each rep's latest submission / the stretch target "
            "of those months, per review month (over the months that have a target). Healthy "
            "at 100% or more."
        ),
        compute=_compute_m8,
        judged="review",
        judged_columns=("late_reps",),
        numerator="forecast",
        denominator="stretch_target",
        extra_columns=(
            "upside",
            "forecast_12m",
            "target_months",
            "reps_submitted",
            "late_reps",
            "status",
        ),
    )
)

__all__ = ["HORIZONS", "M7", "M8", "accuracy_by_horizon"]
