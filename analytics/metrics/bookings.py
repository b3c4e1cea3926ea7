"""Orders and conversion: M4 Unrealized orders, M6 Upside conversion, M6c Commit conversion.

M4 watches order management (booked but unpaid or cancelled orders must stay below 5% of all
orders); M6/M6c ask how much of the upside (commit) that was due in a period was actually
booked in it. SQL: sql/metrics/m4.sql, m6.sql (both categories), and the drill-downs
m4_bookings_drill.sql (the orders behind M1, M4, M13 and M18 actuals) and m6_drill.sql.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import pandas as pd

from analytics.metrics.base import MetricQuery, MetricSpec, register
from analytics.metrics.common import run_sql, shape_standard, to_float
from analytics.store import Store

Category = Literal["upside", "commit"]


def _compute_m4(store: Store, query: MetricQuery) -> pd.DataFrame:
    return shape_standard(M4, run_sql(store, "metrics/m4", query), store, query.grain)


def _conversion(
    spec: MetricSpec, category: Category, store: Store, query: MetricQuery
) -> pd.DataFrame:
    frame = run_sql(store, "metrics/m6", query, {"category": category})
    frame = frame.rename(columns={"category_amount": f"{category}_amount"})
    return shape_standard(spec, frame, store, query.grain)


def _compute_m6(store: Store, query: MetricQuery) -> pd.DataFrame:
    return _conversion(M6, "upside", store, query)


def _compute_m6c(store: Store, query: MetricQuery) -> pd.DataFrame:
    return _conversion(M6C, "commit", store, query)


M4 = register(
    MetricSpec(
        id="M4",
        name="Unrealized orders",
        description=(
            "Amount of bookings with status unrealized or cancelled / amount of all bookings, "
            "by booked date in the period. Healthy below 5%."
        ),
        compute=_compute_m4,
        judged="outcome",
        numerator="unrealized",
        denominator="booked",
        extra_columns=("unrealized_only", "cancelled", "orders"),
    )
)

_CONVERSION_EXTRAS = ("count_conversion", "converted_deals", "deals", "snapshot_date")

M6 = register(
    MetricSpec(
        id="M6",
        name="Upside conversion",
        description=(
            "Of the upside deals in the snapshot as of the period's start with close date in "
            "the period, the share of snapshot amount booked in the period (count share as "
            "extra column)."
        ),
        compute=_compute_m6,
        judged="outcome",
        judged_columns=("count_conversion",),
        numerator="converted_amount",
        denominator="upside_amount",
        extra_columns=_CONVERSION_EXTRAS,
    )
)

M6C = register(
    MetricSpec(
        id="M6c",
        name="Commit conversion",
        description=(
            "Of the commit deals in the snapshot as of the period's start with close date in "
            "the period, the share of snapshot amount booked in the period (count share as "
            "extra column)."
        ),
        compute=_compute_m6c,
        judged="outcome",
        judged_columns=("count_conversion",),
        numerator="converted_amount",
        denominator="commit_amount",
        extra_columns=_CONVERSION_EXTRAS,
    )
)


def bookings_behind(
    store: Store,
    query: MetricQuery,
    period_start: date,
    scope: str,
    *,
    include_cancelled: bool = False,
    called_weeks_only: bool = False,
) -> pd.DataFrame:
    """The orders behind one period and scope of an actual-bookings number.

    `period_start` is the first day of a period at `query.grain` and `scope` is read with
    `query.by` (rep id, region name or 'company'); the filters of `query` apply. Defaults give
    the actuals of M18 and M13 (not cancelled). M4: `include_cancelled=True` (the `unrealized`
    column marks its numerator). M1: `called_weeks_only=True` keeps the bookings of rep-weeks
    that had a call and places them by their week's Monday, as M1 counts them.
    """
    frame = run_sql(
        store,
        "metrics/m4_bookings_drill",
        query,
        {
            "drill_from": period_start,
            "drill_to": period_start,
            "drill_scope": scope,
            "include_cancelled": include_cancelled,
            "called_weeks_only": called_weeks_only,
        },
    )
    return to_float(frame)


def bookings_behind_range(
    store: Store, query: MetricQuery, first_period: date, last_period: date, scope: str
) -> pd.DataFrame:
    """The orders behind the actuals of every period from `first_period` to `last_period` (period
    starts at `query.grain`) for one scope, in one query: the `bookings_behind` lists of those
    periods (defaults: cancelled orders left out) one after the other, by booked date."""
    frame = run_sql(
        store,
        "metrics/m4_bookings_drill",
        query,
        {
            "drill_from": first_period,
            "drill_to": last_period,
            "drill_scope": scope,
            "include_cancelled": False,
            "called_weeks_only": False,
        },
    )
    return to_float(frame)


def conversion_behind(
    store: Store,
    query: MetricQuery,
    period_start: date,
    scope: str,
    category: Category = "upside",
) -> pd.DataFrame:
    """The deals behind one M6 (`category='upside'`) or M6c (`'commit'`) number.

    One row per deal of the snapshot as of `period_start` closing in the period, with
    `converted`, `booked_amount` and `first_booked`; empty when the period has no fresh snapshot.
    """
    frame = run_sql(
        store,
        "metrics/m6_drill",
        query,
        {"drill_period": period_start, "drill_scope": scope, "category": category},
    )
    return to_float(frame)


__all__ = ["M4", "M6", "M6C", "bookings_behind", "bookings_behind_range", "conversion_behind"]
