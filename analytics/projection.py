"""The arithmetic of M19 Quarter projection: calibration on past quarters and the simulation.

Pure numpy/pandas on the frames that sql/metrics/m19_*.sql return; no store, no SQL. A
projection made at snapshot S (fiscal quarter Q, week of quarter k) is the distribution of Q's
final bookings = booked before S + the open deals of S closing in Q, each won within Q with a
probability calibrated on the quarters that ended before Q + what Q books beyond them (deals
not yet in the pipeline, pulled in from later quarters, orders without a deal) at the rate of
those past quarters. Only quarters that ended before Q are read, so no projection sees its own
future (docs/metrics.md, M19).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# The ladder stages an open deal is placed in (M15).
LADDER: tuple[int, ...] = (0, 25, 50, 60, 70, 80, 90)
DRAWS = 10_000
SEED = 19
# Past snapshots within this many weeks of the as-of's week of quarter calibrate it.
WEEK_WINDOW = 1
# Pseudo-observations that pull a thin stage toward its own probability (win) or the ladder's
# overall slip rate (slip).
PRIOR_DEALS = 20.0
# The quarter effect (a common shift of every deal's log-odds in one quarter) is estimated from
# the scope's past quarters, pulled toward mean 0 and spread SHOCK_PRIOR_SIGMA by this many
# pseudo-quarters: with one or two past quarters the spread is mostly the prior's.
SHOCK_PRIOR_QUARTERS = 2.0
SHOCK_PRIOR_SIGMA = 0.3
# The spread of what a quarter books beyond its pipeline, pulled toward this share of its mean
# by SHOCK_PRIOR_QUARTERS pseudo-quarters.
NEW_PRIOR_SHARE = 0.15
# The largest deals of a scope are drawn one by one; the rest, whose sum is close to normal,
# per stage by its mean and variance (memory stays DRAWS x EXACT_DEALS whatever the pipeline).
EXACT_DEALS = 400


@dataclass(frozen=True)
class StageRates:
    """Calibrated rates per ladder stage at one week of quarter.

    `win` = P(won | closed within the quarter), `slip` = P(neither won nor lost within the
    quarter: moved out or still open), `p` = (1 - slip) x win, the chance of being won within
    the quarter.
    """

    stage: np.ndarray
    win: np.ndarray
    slip: np.ndarray

    @property
    def p(self) -> np.ndarray:
        return (1.0 - self.slip) * self.win

    def of(self, ladder_stage: np.ndarray, which: str = "p") -> np.ndarray:
        values = {"p": self.p, "slip": self.slip, "win": self.win}[which]
        index = np.searchsorted(self.stage, ladder_stage)
        return values[np.clip(index, 0, len(self.stage) - 1)]


@dataclass(frozen=True)
class QuarterEffect:
    """The scope's quarter effect: a shift of every deal's log-odds, drawn once per quarter."""

    mean: float
    sigma: float
    quarters: int


@dataclass(frozen=True)
class Beyond:
    """What the scope's past quarters booked beyond their open pipeline at this week: mean, sd."""

    mean: float
    sd: float
    quarters: int


def _shrunk(hits: np.ndarray, trials: np.ndarray, prior: np.ndarray) -> np.ndarray:
    return (hits + PRIOR_DEALS * prior) / (trials + PRIOR_DEALS)


def calibrate(history: pd.DataFrame, week: int) -> StageRates:
    """Win and slip rates per ladder stage from m19_history rows of quarters already ended.

    The snapshots within WEEK_WINDOW weeks of `week` count; a thin stage is pulled toward its
    own probability (win) and the ladder's slip rate at those weeks (slip) by PRIOR_DEALS
    pseudo-deals.
    """
    stage = np.array(LADDER, dtype=float)
    near_rows = history[(history["week"] - week).abs() <= WEEK_WINDOW]
    near = near_rows.groupby("ladder_stage")[["deals", "won", "lost"]].sum()
    near = near.reindex(LADDER, fill_value=0)
    won, lost, deals = (near[c].to_numpy(dtype=float) for c in ("won", "lost", "deals"))
    total = deals.sum()
    stay_prior = (won.sum() + lost.sum()) / total if total else 1.0
    win = _shrunk(won, won + lost, stage / 100)
    stay = _shrunk(won + lost, deals, np.full(len(stage), stay_prior))
    return StageRates(stage=stage, win=win, slip=1.0 - stay)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(p / (1 - p))


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def quarter_shifts(amounts: np.ndarray, logits: np.ndarray, won: np.ndarray) -> np.ndarray:
    """Per past quarter, the log-odds shift z that makes the expected won amount the actual one.

    `amounts` is quarters x stages (open amount), `logits` the stages' calibrated log-odds, `won`
    the amount won per quarter. Solved by bisection on [-4, 4] for every quarter at once.
    """
    lo = np.full(len(won), -4.0)
    hi = np.full(len(won), 4.0)
    for _ in range(40):
        mid = (lo + hi) / 2
        expected = (amounts * _expit(logits[None, :] + mid[:, None])).sum(axis=1)
        too_high = expected > won
        hi = np.where(too_high, mid, hi)
        lo = np.where(too_high, lo, mid)
    return (lo + hi) / 2


def quarter_effect(history: pd.DataFrame, rates: StageRates, week: int) -> QuarterEffect:
    """The scope's quarter effect from its own m19_history rows (quarters already ended)."""
    near = history[(history["week"] - week).abs() <= WEEK_WINDOW]
    if near.empty:
        return QuarterEffect(0.0, SHOCK_PRIOR_SIGMA, 0)
    amounts = (
        near.groupby(["quarter_start", "ladder_stage"])["amount"]
        .sum()
        .unstack(fill_value=0)
        .reindex(columns=list(LADDER), fill_value=0.0)
    )
    won = near.groupby("quarter_start")["won_amount"].sum().reindex(amounts.index)
    z = quarter_shifts(amounts.to_numpy(), _logit(rates.p), won.to_numpy(dtype=float))
    n = len(z)
    mean = float(z.sum() / (n + SHOCK_PRIOR_QUARTERS))
    var = (float(((z - mean) ** 2).sum()) + SHOCK_PRIOR_QUARTERS * SHOCK_PRIOR_SIGMA**2) / (
        n + SHOCK_PRIOR_QUARTERS
    )
    return QuarterEffect(mean, float(np.sqrt(var)), n)


def beyond_pipeline(
    history: pd.DataFrame, bookings: pd.DataFrame, snapshots: pd.DataFrame, week: int
) -> Beyond:
    """What the scope's past quarters booked beyond the open deals of their snapshots.

    Per past snapshot within WEEK_WINDOW weeks of `week` (`snapshots`: snapshot_date,
    quarter_start, week of the quarters already ended): final - booked before it - the amount of
    its open deals won within the quarter, from the scope's m19_history and m19_bookings rows;
    averaged per quarter, then mean and spread over the quarters in which the scope had open deals
    or bookings (the spread pulled toward NEW_PRIOR_SHARE of the mean).
    """
    near = snapshots[(snapshots["week"] - week).abs() <= WEEK_WINDOW]
    seen = set(history["quarter_start"]) | set(bookings["quarter_start"])
    near = near[near["quarter_start"].isin(seen)]
    if near.empty:
        return Beyond(0.0, 0.0, 0)
    dates = near["snapshot_date"]
    won = history.groupby("snapshot_date")["won_amount"].sum().reindex(dates).fillna(0.0)
    books = bookings.set_index("snapshot_date").reindex(dates)
    extra = (
        books["final"].fillna(0.0).to_numpy(dtype=float)
        - books["booked"].fillna(0.0).to_numpy(dtype=float)
        - won.to_numpy(dtype=float)
    )
    beyond = pd.Series(extra).groupby(near["quarter_start"].to_numpy()).mean()
    n = len(beyond)
    mean = float(beyond.mean())
    squares = (
        float(((beyond - mean) ** 2).sum()) + SHOCK_PRIOR_QUARTERS * (NEW_PRIOR_SHARE * mean) ** 2
    )
    return Beyond(mean, float(np.sqrt(squares / (n - 1 + SHOCK_PRIOR_QUARTERS))), n)


def simulate(
    amounts: np.ndarray,
    probs: np.ndarray,
    *,
    booked: float = 0.0,
    effect: QuarterEffect | None = None,
    beyond: Beyond | None = None,
    draws: int = DRAWS,
    seed: int = SEED,
) -> np.ndarray:
    """`draws` outcomes of the quarter's final bookings (vectorized, fixed seed).

    Each draw shifts every deal's log-odds by one quarter effect z ~ N(mean, sigma), wins each
    deal independently with its shifted probability, and adds booked plus a normal draw of what
    the quarter books beyond the pipeline. The EXACT_DEALS largest deals are drawn one by one;
    the sum of the others, per distinct probability, by its normal approximation.
    """
    rng = np.random.default_rng(seed)
    effect = effect or QuarterEffect(0.0, 0.0, 0)
    beyond = beyond or Beyond(0.0, 0.0, 0)
    z = effect.mean + effect.sigma * rng.standard_normal(draws)
    amounts = np.asarray(amounts, dtype=float)
    probs = np.asarray(probs, dtype=float)
    order = np.argsort(-amounts, kind="stable")
    amounts, probs = amounts[order], probs[order]
    big_a, big_p = amounts[:EXACT_DEALS], probs[:EXACT_DEALS]
    total = np.full(draws, float(booked))
    if len(big_a):
        # deals share a handful of probabilities (one per stage): shift those, then pick per deal
        levels, which = np.unique(big_p, return_inverse=True)
        shifted = _expit(_logit(levels)[None, :] + z[:, None])
        shifted[:, levels >= 1.0] = 1.0
        shifted[:, levels <= 0.0] = 0.0
        wins = (
            rng.random((draws, len(big_a)), dtype=np.float32) < shifted.astype(np.float32)[:, which]
        )
        total += wins @ big_a
    rest_a, rest_p = amounts[EXACT_DEALS:], probs[EXACT_DEALS:]
    if len(rest_a):
        levels, which = np.unique(rest_p, return_inverse=True)
        s1 = np.bincount(which, weights=rest_a, minlength=len(levels))
        s2 = np.bincount(which, weights=rest_a**2, minlength=len(levels))
        shifted = _expit(_logit(levels)[None, :] + z[:, None])
        mean = shifted @ s1
        sd = np.sqrt((shifted * (1 - shifted)) @ s2)
        total += mean + sd * rng.standard_normal(draws)
    total += beyond.mean + beyond.sd * rng.standard_normal(draws)
    return total


def bands(outcomes: np.ndarray) -> tuple[float, float, float]:
    """P10, P50, P90 of simulated outcomes (each an outcome that was drawn: inverted CDF)."""
    p10, p50, p90 = np.quantile(outcomes, [0.1, 0.5, 0.9], method="inverted_cdf")
    return float(p10), float(p50), float(p90)


__all__ = [
    "DRAWS",
    "LADDER",
    "SEED",
    "Beyond",
    "QuarterEffect",
    "StageRates",
    "bands",
    "beyond_pipeline",
    "calibrate",
    "quarter_effect",
    "simulate",
]
