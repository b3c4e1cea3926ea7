"""The twelve months behind M8: one review month's 12-month forecast against stretch, by month.

M8 adds the twelve months up into one cover ratio; the monthly review also looks at them one
by one (which months carry the forecast, which fall short of the stretch target). SQL:
sql/metrics/m8_months.sql, with the same choice of submission as M8.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.metrics.base import MetricQuery
from analytics.metrics.common import run_sql, to_float
from analytics.store import Store


def twelve_month_profile(store: Store, query: MetricQuery, review_month: date) -> pd.DataFrame:
    """Per scope and month R..R+11: forecast, upside, stretch_target, cover (forecast / stretch).

    R = `review_month` (first of a month). Each rep's latest submission for a review month on or
    before R counts (as M8). cover is NULL where the month has no stretch target or no forecast.
    """
    start = review_month.replace(day=1)
    frame = run_sql(store, "metrics/m8_months", query, {"review_month": start})
    return to_float(frame).reset_index(drop=True)
