"""M15 Stage calibration: do deals at a stage of p% win about p% of the time?

Every open deal-observation (a deal's row in one snapshot) whose outcome is known later counts
once per snapshot; the win rate per ladder stage (by count and by amount) is set against the
stage's probability, and the Brier score summarises the whole ladder (0 = perfect foresight,
0.25 = a coin flip at 50%). SQL: sql/metrics/m15.sql.
"""

from __future__ import annotations

import pandas as pd

from analytics.metrics.base import MetricQuery, MetricSpec, register
from analytics.metrics.common import run_sql, to_float
from analytics.store import Store

LADDER: tuple[int, ...] = (0, 25, 50, 60, 70, 80, 90)
COLUMNS: tuple[str, ...] = (
    "metric",
    "stage",
    "observations",
    "won",
    "win_rate",
    "win_rate_amount",
)


def _compute_m15(store: Store, query: MetricQuery) -> pd.DataFrame:
    """Rows for stages '0', '25', ... '90' then 'brier' (the Brier score in win_rate)."""
    frame = to_float(run_sql(store, "metrics/m15", query))
    frame = frame.sort_values("row_order", kind="stable").drop(columns=["row_order"])
    frame.insert(0, "metric", "M15")
    frame["observations"] = frame["observations"].astype("int64")
    frame["won"] = frame["won"].astype("int64")
    for col in ("win_rate", "win_rate_amount"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    return frame[list(COLUMNS)].reset_index(drop=True)


M15 = register(
    MetricSpec(
        id="M15",
        name="Stage calibration",
        description=(
            "Win rate (by count and by amount) of the open deal-observations at each ladder "
            "stage whose outcome became known later, against the stage's probability; the "
            "last row 'brier' holds the Brier score mean((p/100 - won)^2) in win_rate."
        ),
        compute=_compute_m15,
        shape="calibration",
        unit="ratio",
        notes="prints metric, stage, observations, won, win_rate, win_rate_amount and a brier row",
    )
)

__all__ = ["COLUMNS", "LADDER", "M15"]
