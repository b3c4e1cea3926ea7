"""Linearity and volatility for the executive view: M13 Quarter linearity, M13v Volatility.

A business that books evenly across the quarter is easier to run and lets production prepare;
a hockey stick (most of the quarter booked in its last weeks) is what M13 exposes. Both are
computed per fiscal quarter from the 13 weekly bookings of sql/metrics/m13.sql; the query's
grain is ignored (a quarter is the only period these numbers have).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import pandas as pd

from analytics.metrics.base import MetricQuery, MetricSpec, register
from analytics.metrics.common import run_sql, shape_standard, to_float
from analytics.store import Store

_SHARES = ("month1_share", "month2_share", "last_month_share", "last_two_weeks_share")


def _m13_frame(store: Store, query: MetricQuery, value_column: str) -> pd.DataFrame:
    frame = run_sql(store, "metrics/m13", replace(query, grain="quarter"))
    return frame.rename(columns={value_column: "value"})


def _compute_m13(store: Store, query: MetricQuery) -> pd.DataFrame:
    return shape_standard(M13, _m13_frame(store, query, "linearity"), store, "quarter")


def _compute_m13v(store: Store, query: MetricQuery) -> pd.DataFrame:
    return shape_standard(M13V, _m13_frame(store, query, "volatility"), store, "quarter")


M13 = register(
    MetricSpec(
        id="M13",
        name="Quarter linearity",
        description=(
            "1 − 2·Σ|C_k − k/13| / 12 over the cumulative shares C_k of the quarter's 13 weekly "
            "bookings: 1 = perfectly even, 0 = everything in the first or the last week. With "
            "the share booked in each fiscal month (ideal 1/3 each) and in the last two weeks."
        ),
        compute=_compute_m13,
        judged="outcome",
        extra_columns=("bookings",) + _SHARES,
        notes="per fiscal quarter whatever --grain",
    )
)

M13V = register(
    MetricSpec(
        id="M13v",
        name="Volatility",
        description=(
            "Coefficient of variation (population standard deviation / mean) of the quarter's "
            "13 weekly bookings; 0 = the same amount every week."
        ),
        compute=_compute_m13v,
        judged="outcome",
        numerator="weekly_std",
        denominator="weekly_mean",
        extra_columns=("bookings",),
        notes="per fiscal quarter whatever --grain",
    )
)


def weekly_linearity(store: Store, query: MetricQuery, quarter_start: date) -> pd.DataFrame:
    """The 13 weekly bookings behind M13 for the fiscal quarter holding `quarter_start`.

    One row per scope (`query.by`, filters of `query`) and week of quarter 1..13: `scope, week,
    week_start, bookings, cumulative, ideal` (amounts; ideal = the quarter's total × week / 13,
    the even line the index measures against) and `cumulative_share, ideal_share` (fractions).
    """
    frame = run_sql(store, "metrics/m13_weeks", query, {"quarter_start": quarter_start})
    return to_float(frame)


def linearity_so_far(weekly: Sequence[float]) -> float | None:
    """M13's index over the first K weeks of a running quarter ("so far"), K = len(weekly).

    The same formula with K in place of 13: C_k = Σ_{j<=k} b_j / Σ b,
    index = 1 − 2·Σ_{k=1..K} |C_k − k/K| / (K − 1). None for fewer than two weeks or a net 0
    booked (nothing to spread). It describes the weeks so far, never judges the quarter.
    """
    weeks = len(weekly)
    total = float(sum(weekly))
    if weeks < 2 or total == 0:
        return None
    running, spread = 0.0, 0.0
    for k, amount in enumerate(weekly, start=1):
        running += float(amount)
        spread += abs(running / total - k / weeks)
    return 1 - 2 * spread / (weeks - 1)


__all__ = ["M13", "M13V", "linearity_so_far", "weekly_linearity"]
