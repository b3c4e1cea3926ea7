"""What every metric shares: the query (filters, scope, grain) and the registry entry.

A metric is a function `(store, query) -> DataFrame` whose SQL lives in sql/metrics/. Standard
metrics return one row per period and scope with the columns `metric, period, scope, value`
plus their numerator and denominator under their own names (ratios are fractions, 1.0 = 100%;
unavailable = null). Metrics of another shape (M12, M15, M16) say so in `shape`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from analytics.calendar import now as clock_now

if TYPE_CHECKING:
    from analytics.store import Store

Scope = Literal["rep", "region", "company"]
Grain = Literal["week", "month", "quarter"]
SCOPES: tuple[Scope, ...] = ("rep", "region", "company")
GRAINS: tuple[Grain, ...] = ("week", "month", "quarter")


@dataclass(frozen=True)
class MetricQuery:
    """Filters and shape of one metric request; hashable so pages can cache by it.

    A period is in range when its first day lies in [date_from, date_to]. `as_of` picks the
    snapshot for snapshot-based metrics (latest snapshot <= as_of, at most
    settings.snapshot_max_age_days old). Empty `regions`/`reps` mean all.
    """

    by: Scope = "company"
    grain: Grain = "month"
    date_from: date | None = None
    date_to: date | None = None
    as_of: date | None = None
    regions: tuple[str, ...] = ()
    reps: tuple[str, ...] = ()
    # M12 only: the two snapshots compared.
    s0: date | None = None
    s1: date | None = None

    def params(self, m0: int) -> dict[str, Any]:
        """The bound parameters every metric SQL may use (today and now from the one clock)."""
        moment = clock_now()
        return {
            "today": moment.date(),
            "now": moment,
            "by": self.by,
            "grain": self.grain,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "as_of": self.as_of,
            "regions": list(self.regions),
            "reps": list(self.reps),
            "m0": m0,
        }


@dataclass(frozen=True)
class MetricSpec:
    """A registry entry: id, name, what the number means, and how it is computed."""

    id: str
    name: str
    description: str
    compute: Callable[[Store, MetricQuery], pd.DataFrame]
    numerator: str | None = None
    denominator: str | None = None
    extra_columns: tuple[str, ...] = ()
    shape: Literal["standard", "waterfall", "calibration", "matrix"] = "standard"
    unit: Literal["ratio", "amount", "count", "days", "score", "per_day"] = "ratio"
    notes: str = ""
    # How a period that has not ended is treated (docs/metrics.md, "Common rules"):
    # "outcome": the value needs the period's outcome, so a running period gets an empty value
    #   (and the `judged_columns`) with status `in_progress`; its amounts stay as "so far";
    # "call": as "outcome", but a week is judged once its call is due (the commit is known then);
    # "submission": the SQL counts only submissions already due; a period with none due is
    #   `not_due`; "review": a review month is `not_due` until its 12-month forecast is due;
    # "none": the value is a state at a snapshot, never "in progress".
    judged: Literal["outcome", "call", "submission", "review", "none"] = "none"
    judged_columns: tuple[str, ...] = ()

    @property
    def output_extras(self) -> tuple[str, ...]:
        """The extra output columns: `extra_columns`, plus `status` for a judged metric."""
        if self.judged != "none" and "status" not in self.extra_columns:
            return (*self.extra_columns, "status")
        return self.extra_columns


REGISTRY: dict[str, MetricSpec] = {}


def register(spec: MetricSpec) -> MetricSpec:
    """Add a metric to the registry."""
    if spec.id in REGISTRY:
        raise ValueError(f"metric {spec.id} registered twice")
    REGISTRY[spec.id] = spec
    return spec
