"""Forecast value added: M20 of METRICS.md.

Each level of the roll-up makes the week's forecast of the same reps: the naive forecast (the
stage-weighted pipeline closing in the week + what is booked), the sum of the reps' calls, the
managers' calls, the regions' calls and the company's call. M20 judges each against the week's
actual bookings — WAPE, bias and the M1 hit rate — and asks whether a level made the number
better than the one below it: value added = WAPE of the level below − the level's own WAPE
(negative: the layer made the forecast worse), with a bootstrap interval over weeks so that a
few lucky weeks are not read as a finding.

sql/metrics/m20_weeks.sql gives the forecast of every level per scope and ended week; the
ratios and the bootstrap (fixed seed: the same data always gives the same interval) are here.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from analytics.calendar import period_label
from analytics.metrics.base import MetricQuery, MetricSpec, register
from analytics.metrics.common import run_sql, shape_standard, to_float
from analytics.store import Store

LEVELS: tuple[str, ...] = ("naive", "rep", "manager", "region", "company")
# The levels shown for each --by: a rep's forecast has no manager layer of its own, etc.
LEVELS_BY: dict[str, tuple[str, ...]] = {
    "rep": LEVELS[:2],
    "manager": LEVELS[:3],
    "region": LEVELS[:4],
    "company": LEVELS,
}
BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 20
INTERVAL = (0.025, 0.975)  # a 95% interval
NO_MANAGER = "(no manager)"

COLUMNS = (
    "level",
    "wape",
    "bias",
    "hit_rate",
    "value_added_low",
    "value_added_high",
    "finding",
    "actual",
    "forecast",
    "abs_error",
    "weeks",
    "own_calls",
)


def fva_weeks(store: Store, query: MetricQuery) -> pd.DataFrame:
    """Per scope of `query.by` and ended week: actual and the forecast of every level.

    Columns: period_start, week_start, scope, actual, naive, rep, manager, region, company
    (NULL where the level does not exist for this `by`; naive NULL when no snapshot is recent
    enough), rep_calls, manager_calls, region_calls, company_calls (own calls given), reps.
    """
    frame = to_float(run_sql(store, "metrics/m20_weeks", query))
    frame["scope"] = frame["scope"].replace("", NO_MANAGER)
    return frame


def _bootstrap(
    week_actual: np.ndarray, week_err_below: np.ndarray, week_err: np.ndarray
) -> tuple[float, float]:
    """95% interval of value added (Σ|below − A| − Σ|F − A|) / ΣA over weeks drawn with
    replacement; NaN when there are fewer than two weeks."""
    n = len(week_actual)
    if n < 2:
        return float("nan"), float("nan")
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    idx = rng.integers(0, n, size=(BOOTSTRAP_SAMPLES, n))
    actual = week_actual[idx].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        added = (week_err_below[idx].sum(axis=1) - week_err[idx].sum(axis=1)) / actual
    added = added[np.isfinite(added)]
    if added.size == 0:
        return float("nan"), float("nan")
    low, high = np.quantile(added, INTERVAL)
    return float(low), float(high)


def _finding(low: float, high: float) -> str | None:
    if np.isnan(low) or np.isnan(high):
        return None
    if low > 0:
        return "adds"
    if high < 0:
        return "subtracts"
    return "unclear"


def _findings(frame: pd.DataFrame) -> list[str | None]:
    pairs = zip(frame["value_added_low"], frame["value_added_high"], strict=True)
    return [_finding(float(lo), float(hi)) for lo, hi in pairs]


def level_rows(
    weeks: pd.DataFrame,
    levels: tuple[str, ...],
    low: float,
    high: float,
    unit: str = "week_start",
) -> list[dict[str, object]]:
    """The M20 numbers of one scope and period from its rows of `fva_weeks` (one per week; or
    of `fva_months`, one per target month of one horizon, with unit="month").

    A level is judged over the weeks where it has a forecast (naive: where a snapshot was
    recent enough); its value added over the weeks where it and the level below both have one.
    """
    actual = weeks["actual"].to_numpy(float)
    n_weeks = weeks[unit].to_numpy()
    out: list[dict[str, object]] = []
    for i, level in enumerate(levels):
        forecast = weeks[level].to_numpy(float)
        known = ~np.isnan(forecast)
        total = float(actual[known].sum())
        err = np.abs(forecast - actual)
        called = known & (forecast > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            accuracy = actual[called] / forecast[called]
        calls_col = f"{level}_calls"
        row: dict[str, object] = {
            "level": level,
            "wape": float(err[known].sum()) / total if total > 0 else float("nan"),
            "bias": float((forecast - actual)[known].sum()) / total if total > 0 else float("nan"),
            "hit_rate": (
                float(((accuracy >= low) & (accuracy <= high)).mean())
                if called.any()
                else float("nan")
            ),
            "value": float("nan"),
            "value_added_low": float("nan"),
            "value_added_high": float("nan"),
            "actual": total,
            "forecast": float(forecast[known].sum()),
            "abs_error": float(err[known].sum()),
            "weeks": int(len(set(n_weeks[known]))),
            "own_calls": int(weeks[calls_col].sum()) if calls_col in weeks.columns else None,
        }
        if i > 0:
            below = weeks[levels[i - 1]].to_numpy(float)
            both = known & ~np.isnan(below)
            both_actual = float(actual[both].sum())
            if both_actual > 0:
                err_below = np.abs(below - actual)
                row["value"] = float(err_below[both].sum() - err[both].sum()) / both_actual
                lo, hi = _bootstrap(actual[both], err_below[both], err[both])
                row["value_added_low"], row["value_added_high"] = lo, hi
        out.append(row)
    return out


def _compute_m20(store: Store, query: MetricQuery) -> pd.DataFrame:
    weeks = fva_weeks(store, query)
    t = store.settings.thresholds
    levels = LEVELS_BY[query.by]
    rows: list[dict[str, object]] = []
    for (period_start, scope), group in weeks.groupby(["period_start", "scope"], sort=True):
        for row in level_rows(group, levels, t.m1_accurate_low, t.m1_accurate_high):
            row.update(period_start=period_start, scope=scope)
            rows.append(row)
    frame = pd.DataFrame(rows, columns=["period_start", "scope", "value", *COLUMNS])
    if not frame.empty:
        m0 = store.settings.fiscal_year_start_month
        frame["period"] = [
            period_label(pd.Timestamp(s).date(), query.grain, m0) for s in frame["period_start"]
        ]
    else:
        frame["period"] = pd.Series(dtype=object)
    out = shape_standard(M20, frame, store, query.grain)
    out["finding"] = _findings(out)
    return out


def value_added(store: Store, query: MetricQuery) -> pd.DataFrame:
    """M20 over the whole range of `query` (every ended week between date_from and date_to,
    pooled): one row per scope and level, `period` naming the range; for the Overview panel."""
    weeks = fva_weeks(store, replace(query, grain="week"))
    t = store.settings.thresholds
    rows: list[dict[str, object]] = []
    for scope, group in weeks.groupby("scope", sort=True):
        for row in level_rows(group, LEVELS_BY[query.by], t.m1_accurate_low, t.m1_accurate_high):
            row.update(
                scope=scope,
                period=f"{group['week_start'].min():%Y-%m-%d} … {group['week_start'].max():%Y-%m-%d}",
            )
            rows.append(row)
    frame = pd.DataFrame(rows, columns=["period", "scope", "value", *COLUMNS])
    frame["finding"] = _findings(frame)
    frame.insert(0, "metric", M20.id)
    return frame


HORIZON_COLUMNS = (
    "metric",
    "horizon",
    "scope",
    "level",
    "value",
    "wape",
    "bias",
    "hit_rate",
    "value_added_low",
    "value_added_high",
    "finding",
    "actual",
    "forecast",
    "abs_error",
    "months",
    "own_calls",
)


def fva_months(store: Store, query: MetricQuery) -> pd.DataFrame:
    """Per scope of `query.by`, ended target month and horizon (1-12): actual and the 12-month
    forecast of every level made `horizon - 1` months before (sql/metrics/m20_months.sql).

    Columns: month, horizon, review_month, scope, actual, naive, rep, manager, region, company,
    rep_calls, manager_calls, region_calls, company_calls (own forecasts given), reps.
    """
    frame = to_float(run_sql(store, "metrics/m20_months", query))
    frame["scope"] = frame["scope"].replace("", NO_MANAGER)
    return frame


def value_added_by_horizon(store: Store, query: MetricQuery) -> pd.DataFrame:
    """M20 by horizon: the monthly 12-month forecasts of each level judged per horizon (months
    ahead, 1 = made in the target month's own review) over every ended target month whose
    first day lies in [date_from, date_to], pooled: one row per horizon, scope and level with
    WAPE, bias, hit rate and value added over the level below with its bootstrap interval over
    months (`forecast-desk metric M20 --horizon`)."""
    months = fva_months(store, query)
    t = store.settings.thresholds
    rows: list[dict[str, object]] = []
    for (horizon, scope), group in months.groupby(["horizon", "scope"], sort=True):
        for row in level_rows(
            group, LEVELS_BY[query.by], t.m1_accurate_low, t.m1_accurate_high, unit="month"
        ):
            row["months"] = row.pop("weeks")
            row.update(horizon=int(str(horizon)), scope=scope)
            rows.append(row)
    frame = pd.DataFrame(rows, columns=[c for c in HORIZON_COLUMNS if c != "metric"])
    frame["finding"] = _findings(frame)
    frame.insert(0, "metric", M20.id)
    return frame


M20 = register(
    MetricSpec(
        id="M20",
        name="Forecast value added",
        description=(
            "For each level of the roll-up (naive = stage-weighted pipeline + booked, rep calls, "
            "manager calls, region call, company call): WAPE = Σ|forecast − actual| / Σ actual, "
            "bias = Σ(forecast − actual) / Σ actual and the hit rate (actual / forecast in "
            "95–110%) over the ended weeks; value = value added = WAPE of the level below − the "
            "level's WAPE (negative: the layer made the forecast worse), with a 95% bootstrap "
            "interval over weeks and a finding (adds, subtracts, unclear)."
        ),
        compute=_compute_m20,
        judged="outcome",
        judged_columns=("wape", "bias", "hit_rate", "value_added_low", "value_added_high"),
        extra_columns=COLUMNS,
        scopes=("rep", "manager", "region", "company"),
    )
)

__all__ = [
    "HORIZON_COLUMNS",
    "LEVELS",
    "LEVELS_BY",
    "M20",
    "fva_months",
    "fva_weeks",
    "level_rows",
    "value_added",
    "value_added_by_horizon",
]
