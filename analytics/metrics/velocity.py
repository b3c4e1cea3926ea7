"""M17 Sales velocity: how much the pipeline turns into bookings per day.

velocity = open deals x win rate x average won amount / average sales cycle (days from a deal's
creation to its booking), per rep and region. The closed-deal factors come from the twelve
months up to the snapshot so that one lucky week does not swing them. SQL: sql/metrics/m17.sql.
"""

from __future__ import annotations

import pandas as pd

from analytics.metrics.base import MetricQuery, MetricSpec, register
from analytics.metrics.common import run_sql, shape_standard
from analytics.store import Store


def _compute_m17(store: Store, query: MetricQuery) -> pd.DataFrame:
    return shape_standard(M17, run_sql(store, "metrics/m17", query))


M17 = register(
    MetricSpec(
        id="M17",
        name="Sales velocity",
        description=(
            "Open deals x win rate x average won amount / average sales cycle in days (amount "
            "per day), at the as-of snapshot; win rate, won amount and cycle from the deals "
            "closed in the twelve months up to it."
        ),
        compute=_compute_m17,
        numerator="expected_won_amount",
        denominator="avg_cycle_days",
        extra_columns=(
            "open_deals",
            "win_rate",
            "avg_won_amount",
            "won_deals",
            "lost_deals",
            "won_amount",
            "snapshot_date",
        ),
        unit="per_day",
    )
)

__all__ = ["M17"]
