"""Target planning (目标分解): company target → regions → A/B/C tiers → months → reps.

The seed's target control starts with decomposition: the company's annual target is split to
regions, within a region over its key (A), secondary (B) and other (C) areas, then over the
months by season, and finally to the people. `plan_targets` does exactly that and returns the
targets file of the data contract (`scope_type, scope, month, target, stretch_target`), which
`ingest targets` loads and `save_plan` stores as one load.

Default weights are the shares of the bookings of the **last twelve complete months** before
today (sql/planning/history.sql): region shares, tier shares within each region, the share of
each calendar month (the season profile, company-wide) and, with `rep_split="history"`, each
rep's share within the tier. When none of the regions (tiers, reps) booked anything they share
equally; otherwise one without bookings gets 0 — give weights (or edit them on the page) to plan
it. Weights may be given instead of any of these.

**Sums to the cent.** Amounts are allocated in integer cents by largest remainder at every
level: the regions add up exactly to the total, a region's tiers to the region, a tier's months
to the tier and the reps of a tier-month to it. The stretch total (total × (1 + stretch),
rounded to the cent) is allocated with the same weights the same way, so every level of the
stretch targets adds up as well. Reps without a tier count as tier C. docs/planning.md.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Literal

import pandas as pd

from analytics.calendar import add_months_to, month_first, month_label
from analytics.calendar import today as clock_today
from analytics.errors import UsageError
from analytics.sql import load_sql
from analytics.store import Store

TIERS: tuple[str, ...] = ("A", "B", "C")
Seasonality = Literal["history", "flat"] | Mapping[int, float]
RepSplit = Literal["equal", "history"]
OUTPUT_COLUMNS = ("scope_type", "scope", "month", "target", "stretch_target")
_FY = re.compile(r"^(?:FY)?(\d{4})$", re.IGNORECASE)


# --- allocation ---------------------------------------------------------------------------------


def allocate(total_cents: int, weights: Sequence[float]) -> list[int]:
    """Split `total_cents` in proportion to `weights` so that the parts add up exactly.

    Largest remainder: each part gets the floor of its exact share, and the cents left over go
    one each to the largest fractional remainders (ties to the earlier part). Weights must be
    non-negative with a positive sum.
    """
    if any(w < 0 for w in weights):
        raise UsageError("a weight is negative: weights must be 0 or more")
    whole = sum(weights)
    if not weights or whole <= 0:
        raise UsageError("the weights add up to 0: give at least one a positive weight")
    exact = [Decimal(total_cents) * Decimal(repr(w)) / Decimal(repr(whole)) for w in weights]
    parts = [int(e) for e in exact]  # floor for non-negative amounts
    left = total_cents - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def _even_where_missing(weights: dict[str, float], keys: Sequence[str]) -> list[float]:
    """Weights of `keys` (missing = 0); all zero (no history at all) → equal weights."""
    values = [max(float(weights.get(k, 0.0)), 0.0) for k in keys]
    return values if sum(values) > 0 else [1.0] * len(keys)


# --- inputs -------------------------------------------------------------------------------------


def parse_fiscal_year(text: str | int) -> int:
    """'FY2027', '2027' or 2027 → 2027 (the calendar year in which the fiscal year ends)."""
    match = _FY.match(str(text).strip())
    if not match:
        raise UsageError(f"fiscal year '{text}' is not like FY2027")
    return int(match.group(1))


def fiscal_year_months(fiscal_year: int, m0: int) -> list[date]:
    """The twelve first days of the months of fiscal year FY (named after the year it ends)."""
    first = date(fiscal_year - (0 if m0 == 1 else 1), m0, 1)
    return [add_months_to(first, k) for k in range(12)]


def parse_tier_weights(text: str) -> dict[str, float]:
    """'A=0.5,B=0.3,C=0.2' → {'A': 0.5, 'B': 0.3, 'C': 0.2}; UsageError naming the bad part."""
    out: dict[str, float] = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        name, sep, value = part.partition("=")
        tier = name.strip().upper()
        if not sep or tier not in TIERS:
            raise UsageError(f"tier weight '{part}' is not like A=0.5 (tiers A, B, C)")
        try:
            out[tier] = float(value)
        except ValueError as exc:
            raise UsageError(f"tier weight '{part}': '{value}' is not a number") from exc
        if out[tier] < 0:
            raise UsageError(f"tier weight '{part}' is negative")
    if not out or sum(out.values()) <= 0:
        raise UsageError(f"tier weights '{text}' add up to 0")
    return out


def read_weights(path: Path, key: str) -> dict[str, float]:
    """A small CSV of (key, weight) rows, e.g. `region,weight`; UsageError with file and row."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path.name}: cannot read the weights file ({exc})") from exc
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [c.strip().lower() for c in rows[0][:2]] != [key, "weight"]:
        raise UsageError(f"{path.name}: row 1 must be the header '{key},weight'")
    out: dict[str, float] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 2:
            raise UsageError(f"{path.name}, row {n}: expected '{key},weight', got {row!r}")
        name, value = row[0].strip(), row[1].strip()
        try:
            weight = float(value)
        except ValueError as exc:
            raise UsageError(
                f"{path.name}, row {n}, column weight: '{value}' is not a number"
            ) from exc
        if weight < 0:
            raise UsageError(f"{path.name}, row {n}, column weight: {value} is negative")
        if name in out:
            raise UsageError(f"{path.name}, row {n}: {key} '{name}' is given twice")
        out[name] = weight
    if not out or sum(out.values()) <= 0:
        raise UsageError(f"{path.name}: the weights add up to 0")
    return out


def season_from_weights(weights: Mapping[str, float], months: Sequence[date]) -> dict[int, float]:
    """A season profile {calendar month 1..12: weight} from rows keyed by month number ('1'…
    '12') or by the plan's months ('2027-01'); every month of the plan must have a weight."""
    labels = {month_label(m): m.month for m in months}
    out: dict[int, float] = {}
    for key, weight in weights.items():
        k = key.strip()
        if k in labels:
            out[labels[k]] = weight
        elif k.isdigit() and 1 <= int(k) <= 12:
            out[int(k)] = weight
        else:
            raise UsageError(f"season month '{key}' is neither 1..12 nor a month of the plan")
    missing = [month_label(m) for m in months if m.month not in out]
    if missing:
        raise UsageError(f"the season profile has no weight for {', '.join(missing)}")
    return out


# --- history ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanHistory:
    """Bookings of the twelve complete months before `today`, by rep, region, tier and month."""

    first_month: date
    end_month: date  # exclusive
    bookings: pd.DataFrame  # rep, region, tier, month_of_year, amount

    def region_weights(self) -> dict[str, float]:
        return self._shares(self.bookings, "region")

    def tier_weights(self, region: str) -> dict[str, float]:
        return self._shares(self.bookings[self.bookings["region"] == region], "tier")

    def season(self) -> dict[int, float]:
        return {int(k): v for k, v in self._shares(self.bookings, "month_of_year").items()}

    def rep_weights(self, region: str, tier: str) -> dict[str, float]:
        b = self.bookings
        return self._shares(b[(b["region"] == region) & (b["tier"] == tier)], "rep")

    @staticmethod
    def _shares(frame: pd.DataFrame, column: str) -> dict[str, float]:
        if frame.empty:
            return {}
        sums = frame.groupby(column)["amount"].sum().astype(float)
        total = float(sums.sum())
        return {str(k): float(v) / total for k, v in sums.items()} if total > 0 else {}


def plan_history(store: Store, today: date | None = None) -> PlanHistory:
    """The bookings behind the default weights: the twelve complete months before today."""
    end = month_first(today or clock_today())
    first = add_months_to(end, -12)
    cur = store.cursor()
    try:
        frame = cur.execute(
            load_sql("planning/history"), {"from_month": first, "to_month": end}
        ).df()
    finally:
        cur.close()
    frame["amount"] = frame["amount"].astype(float)
    return PlanHistory(first, end, frame)


def plan_reps(store: Store, months: Sequence[date]) -> pd.DataFrame:
    """The reps active at some day of the plan's months: rep, name, region, tier."""
    cur = store.cursor()
    try:
        return cur.execute(
            load_sql("planning/reps"),
            {"fy_start": months[0], "fy_end": add_months_to(months[-1], 1)},
        ).df()
    finally:
        cur.close()


# --- the plan -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRequest:
    """What to plan: the fiscal year, the annual total, the stretch and the weights to use.

    `region_weights`, `tier_weights` None = from history; `tier_weights` holds one set for every
    region ({"A": .5, …}) and `tier_weights_by_region` one per region (wins where given);
    `seasonality` "history", "flat" or {calendar month: weight}; `rep_split` "equal" or
    "history". Region weights name regions of the reps table; a region of the reps table without
    a weight gets none (0).
    """

    fiscal_year: int
    total: Decimal
    stretch: float
    region_weights: Mapping[str, float] | None = None
    tier_weights: Mapping[str, float] | None = None
    seasonality: Seasonality = "history"
    rep_split: RepSplit = "equal"
    region_rows: bool = False
    tier_weights_by_region: Mapping[str, Mapping[str, float]] | None = None


@dataclass(frozen=True)
class Plan:
    """A decomposed plan: rep rows (and region rows if asked) and the weights used."""

    request: PlanRequest
    months: tuple[date, ...]
    targets: pd.DataFrame  # OUTPUT_COLUMNS, amounts as Decimal
    region_weights: dict[str, float] = field(default_factory=dict)
    season: dict[int, float] = field(default_factory=dict)
    history_months: tuple[date, date] | None = None

    def to_csv(self) -> str:
        """The targets file of the data contract (month as YYYY-MM, amounts to the cent)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(OUTPUT_COLUMNS)
        for row in self.targets.itertuples(index=False):
            writer.writerow(
                [row.scope_type, row.scope, row.month, f"{row.target:.2f}",
                 f"{row.stretch_target:.2f}"]
            )  # fmt: skip
        return out.getvalue()

    def by_region_month(self) -> pd.DataFrame:
        """Rep targets summed by region (rows) and month (columns), as floats, for display."""
        reps = self.targets[self.targets["scope_type"] == "rep"].copy()
        reps["target"] = reps["target"].astype(float)
        return reps.pivot_table(
            index="region", columns="month", values="target", aggfunc="sum", fill_value=0.0
        )


def _cents(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def plan_targets(
    store: Store,
    request: PlanRequest,
    *,
    today: date | None = None,
    history: PlanHistory | None = None,
    reps: pd.DataFrame | None = None,
) -> Plan:
    """Decompose `request.total` to rep-months (module docstring); UsageError on bad input.

    `history` and `reps` (from `plan_history` and `plan_reps`) may be given by a caller that
    already read them, as the Plan page does."""
    if request.total <= 0:
        raise UsageError(f"the total must be above 0 (got {request.total})")
    if request.stretch < 0:
        raise UsageError(f"the stretch must be 0 or more (got {request.stretch})")
    months = tuple(fiscal_year_months(request.fiscal_year, store.settings.fiscal_year_start_month))
    if reps is None:
        reps = plan_reps(store, months)
    if reps.empty:
        raise UsageError(
            "no reps to plan for: load the reps table first (forecast-desk ingest reps)"
        )
    if history is None:
        history = plan_history(store, today)
    regions = sorted(reps["region"].unique().tolist())
    given = dict(request.region_weights) if request.region_weights is not None else None
    if given is not None:
        unknown = sorted(set(given) - set(regions))
        if unknown:
            raise UsageError(
                f"unknown region(s) in the region weights: {', '.join(unknown)} "
                f"(the reps table has {', '.join(regions)})"
            )
        region_w = [max(given.get(r, 0.0), 0.0) for r in regions]
        if sum(region_w) <= 0:
            raise UsageError("the region weights add up to 0")
    else:
        region_w = _even_where_missing(history.region_weights(), regions)
    if request.seasonality == "flat":
        season = {m.month: 1.0 for m in months}
    elif request.seasonality == "history":
        past = history.season()
        season = {m.month: past.get(m.month, 0.0) for m in months}
        if sum(season.values()) <= 0:
            season = {m.month: 1.0 for m in months}
    else:
        season = {m.month: float(dict(request.seasonality).get(m.month, -1.0)) for m in months}
        if any(v < 0 for v in season.values()):
            raise UsageError("the season profile needs a weight 0 or more for every month")
    month_w = [season[m.month] for m in months]
    total_c = _cents(request.total)
    stretch_c = _cents(request.total * (Decimal(1) + Decimal(repr(request.stretch))))
    rows: list[tuple[str, str, str, str, int, int]] = []  # type, scope, region, month, t, s
    for region, t_region, s_region in zip(
        regions, allocate(total_c, region_w), allocate(stretch_c, region_w), strict=True
    ):
        in_region = reps[reps["region"] == region]
        tiers = [t for t in TIERS if (in_region["tier"] == t).any()]
        by_region = request.tier_weights_by_region or {}
        if region in by_region:
            tier_source = {k: float(v) for k, v in by_region[region].items()}
        elif request.tier_weights is not None:
            tier_source = {k: float(v) for k, v in request.tier_weights.items()}
        else:
            tier_source = history.tier_weights(region)
        tier_w = _even_where_missing(tier_source, tiers)
        region_months = [[0, 0] for _ in months]
        for tier, t_tier, s_tier in zip(
            tiers, allocate(t_region, tier_w), allocate(s_region, tier_w), strict=True
        ):
            tier_reps = sorted(in_region.loc[in_region["tier"] == tier, "rep"].tolist())
            rep_w = (
                _even_where_missing(history.rep_weights(region, tier), tier_reps)
                if request.rep_split == "history"
                else [1.0] * len(tier_reps)
            )
            t_months = allocate(t_tier, month_w) if t_tier else [0] * len(months)
            s_months = allocate(s_tier, month_w) if s_tier else [0] * len(months)
            for k, month in enumerate(months):
                region_months[k][0] += t_months[k]
                region_months[k][1] += s_months[k]
                for rep, t_rep, s_rep in zip(
                    tier_reps,
                    allocate(t_months[k], rep_w) if t_months[k] else [0] * len(tier_reps),
                    allocate(s_months[k], rep_w) if s_months[k] else [0] * len(tier_reps),
                    strict=True,
                ):
                    rows.append(("rep", rep, region, month_label(month), t_rep, s_rep))
        if request.region_rows:
            for k, month in enumerate(months):
                t_c, s_c = region_months[k]
                rows.append(("region", region, region, month_label(month), t_c, s_c))
    frame = pd.DataFrame(
        rows, columns=["scope_type", "scope", "region", "month", "target_c", "stretch_c"]
    )
    frame["target"] = pd.Series([Decimal(c) / 100 for c in frame["target_c"]], dtype=object)
    frame["stretch_target"] = pd.Series(
        [Decimal(c) / 100 for c in frame["stretch_c"]], dtype=object
    )
    frame = frame.drop(columns=["target_c", "stretch_c"])
    frame["_order"] = (frame["scope_type"] == "region").astype(int)  # rep rows first
    frame = frame.sort_values(["_order", "region", "scope", "month"], kind="stable")
    frame = frame.drop(columns="_order").reset_index(drop=True)
    return Plan(
        request=request,
        months=months,
        targets=frame[[*OUTPUT_COLUMNS, "region"]],
        region_weights=dict(zip(regions, region_w, strict=True)),
        season=season,
        history_months=(history.first_month, history.end_month),
    )


def targets_already_stored(store: Store, months: Sequence[date]) -> int:
    """How many target rows are stored for the plan's months (a save replaces them)."""
    cur = store.cursor()
    try:
        row = cur.execute(
            load_sql("planning/targets_in"),
            {"fy_start": months[0], "fy_end": add_months_to(months[-1], 1)},
        ).fetchone()
    finally:
        cur.close()
    return int(row[0]) if row else 0


def save_plan(store: Store, plan: Plan) -> tuple[int, int]:
    """Store the plan as one targets load (so `unload` reverts it) and mark its version in the
    load log ("plan FY2027 v2: total …, stretch …"). Returns (load id, version)."""
    from analytics.ingest import ingest_file

    fy = plan.request.fiscal_year
    prefix = f"plan FY{fy} v"
    cur = store.cursor()
    try:
        row = cur.execute(load_sql("planning/versions"), {"prefix": prefix + "%"}).fetchone()
    finally:
        cur.close()
    version = (int(row[0]) if row else 0) + 1
    with tempfile.TemporaryDirectory(prefix="forecast-desk-plan-") as tmp:
        path = Path(tmp) / f"plan-FY{fy}-v{version}.csv"
        path.write_text(plan.to_csv(), encoding="utf-8")
        report = ingest_file(store, "targets", path)
    notes = (
        f"{prefix}{version}: total {plan.request.total:,.2f}, stretch "
        f"{plan.request.stretch:.0%}, seasonality "
        f"{plan.request.seasonality if isinstance(plan.request.seasonality, str) else 'given'}, "
        f"reps {plan.request.rep_split}"
    )
    with store.transaction() as cur:
        cur.execute(load_sql("loads/set_notes"), {"notes": notes, "load_id": report.load_id})
    return int(report.load_id), version
