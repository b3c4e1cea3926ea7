"""The quarter outlook of the Overview headline: where the quarter stands and where it will land.

One moment, one set of numbers that add up: at the snapshot as of a day (M19's snapshot), the
amount booked so far (bookings dated before the snapshot day), plus the open commit and the open
upside closing in the quarter, beside the M19 projection P10–P50–P90, the quarter's target and
stretch target, and the pace: where a straight line from 0 on the quarter's first day to the
target on its last would stand at that moment (calendar days). A quarter that has not ended is
never judged as missed: it is "on pace" or "behind pace by" an amount; only an ended quarter is
above or below its target (its booked amount then being the whole quarter's, M18).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd

from analytics.calendar import add_months_to, fiscal_quarter_label, fiscal_quarter_start
from analytics.calendar import today as clock_today
from analytics.metrics import get_metric
from analytics.metrics.base import MetricQuery
from analytics.metrics.projection import read_open
from analytics.store import Store

Pace = Literal["on_pace", "behind_pace", "on_target", "below_target", "no_target"]


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


@dataclass(frozen=True)
class QuarterOutlook:
    """The quarter's numbers at one moment (the start of day `moment`), company scope of a filter.

    `booked` counts bookings dated before `moment` (the whole quarter once it has `ended`);
    `open_commit` and `open_upside` are the open deals of the snapshot in those categories
    closing in the quarter; p10/p50/p90 the M19 projection (None when M19 is unavailable).
    """

    quarter: str
    quarter_start: date
    quarter_end: date  # the first day of the next quarter
    moment: date
    ended: bool
    booked: float
    open_commit: float
    open_upside: float
    p10: float | None
    p50: float | None
    p90: float | None
    target: float | None
    stretch_target: float | None

    @property
    def booked_commit(self) -> float:
        """Booked + open commit: what the quarter reaches if the commit closes."""
        return self.booked + self.open_commit

    @property
    def booked_commit_upside(self) -> float:
        """Booked + open commit + open upside: the quarter's reach with every called deal."""
        return self.booked_commit + self.open_upside

    @property
    def days_total(self) -> int:
        return (self.quarter_end - self.quarter_start).days

    @property
    def days_elapsed(self) -> int:
        """Whole days of the quarter before the moment (all of them once the quarter ended)."""
        if self.ended:
            return self.days_total
        return min(max((self.moment - self.quarter_start).days, 0), self.days_total)

    @property
    def linear_path(self) -> float | None:
        """Where a linear pace to the target stands at the moment: target × elapsed / total days."""
        if self.target is None:
            return None
        return self.target * self.days_elapsed / self.days_total

    @property
    def pace_gap(self) -> float | None:
        """Booked − the linear path (negative: behind pace; for an ended quarter: vs target)."""
        path = self.linear_path
        return None if path is None else self.booked - path

    @property
    def pace(self) -> Pace:
        """on_pace / behind_pace while the quarter runs; on_target / below_target once it ended."""
        gap = self.pace_gap
        if gap is None:
            return "no_target"
        if self.ended:
            return "on_target" if gap >= 0 else "below_target"
        return "on_pace" if gap >= 0 else "behind_pace"

    @property
    def p50_of_target(self) -> float | None:
        return _ratio(self.p50, self.target)

    @property
    def p50_of_stretch(self) -> float | None:
        return _ratio(self.p50, self.stretch_target)


def _row(frame: pd.DataFrame) -> pd.Series | None:
    company = frame[frame["scope"] == "company"] if "scope" in frame.columns else frame
    return None if company.empty else company.iloc[0]


def _ended_outlook(
    store: Store, query: MetricQuery, q_start: date, q_end: date, label: str
) -> QuarterOutlook | None:
    """An ended quarter: its whole bookings against target and stretch (M18), nothing open;
    None when M18 has no row for it (no bookings and no targets: nothing to show)."""
    m18 = get_metric("M18").compute(
        store,
        MetricQuery(
            by="company",
            grain="quarter",
            date_from=q_start,
            date_to=q_start,
            regions=query.regions,
            reps=query.reps,
        ),
    )
    row = _row(m18)
    if row is None:
        return None

    def get(col: str) -> float | None:
        return _number(row.get(col))

    return QuarterOutlook(
        label,
        q_start,
        q_end,
        q_end,
        True,
        get("actual") or 0.0,
        0.0,
        0.0,
        None,
        None,
        None,
        get("target"),
        get("stretch_target"),
    )


def quarter_outlook(
    store: Store, query: MetricQuery, as_of: date, today: date | None = None
) -> QuarterOutlook | None:
    """The outlook of the fiscal quarter containing `as_of` (company scope of the query's filter).

    A quarter that ended before `today` (the clock) is shown by its outcome; a running one at
    the snapshot as of `as_of` (M19's), None without such a snapshot.
    """
    m0 = store.settings.fiscal_year_start_month
    q_start = fiscal_quarter_start(as_of, m0)
    q_end = add_months_to(q_start, 3)
    label = fiscal_quarter_label(q_start, m0)
    if q_end <= (today or clock_today()):
        return _ended_outlook(store, query, q_start, q_end, label)
    scoped = MetricQuery(by="company", as_of=as_of, regions=query.regions, reps=query.reps)
    row = _row(get_metric("M19").compute(store, scoped))
    if row is None:
        return None
    moment = pd.Timestamp(row["snapshot_date"]).date()
    if fiscal_quarter_start(moment, m0) != q_start:  # the snapshot belongs to another quarter
        return None
    deals = read_open(store, scoped, moment)
    amounts = deals["amount"] if not deals.empty else pd.Series(dtype=float)
    category = deals["forecast_category"] if not deals.empty else pd.Series(dtype=str)
    return QuarterOutlook(
        label,
        q_start,
        q_end,
        moment,
        False,
        float(row["booked"]),
        float(amounts[category == "commit"].sum()),
        float(amounts[category == "upside"].sum()),
        _number(row["p10"]),
        _number(row["p50"]),
        _number(row["p90"]),
        _number(row["target"]),
        _number(row["stretch_target"]),
    )
