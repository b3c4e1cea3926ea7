"""The demo organisation: `forecast-desk demo` fills an empty store with a sales team whose
numbers tell the stories listed in data/README.md (a sandbagger, an over-committer, a hockey-stick
region, a thin pipeline, unpaid orders, a late submitter, serial slippers, reps in groups B and C).

Everything is generated set-based inside DuckDB by the statements of sql/demo/, one per table,
run in order in one transaction; each reads what the ones before it wrote (reps -> targets ->
snapshots -> bookings -> calls -> forecasts). Pseudo-random draws are hashes of the seed and a
key, so the same seed and `today` always give the same data, whatever the number of threads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from analytics.calendar import add_months_to, fiscal_year_start
from analytics.calendar import now as clock_now
from analytics.errors import UsageError
from analytics.loadlog import after_data_change, next_load_id, record_load
from analytics.sql import load_sql
from analytics.store import Store

# The planning timeline reaches this many weeks before the first snapshot (so that the first
# snapshot shows a grown pipeline) and after the last (so that the last one holds deals that
# close later). It must exceed the longest sales cycle of sql/demo/snapshots.sql (35 weeks).
LEAD_WEEKS = 40

# Default pace: wins per rep and week. `deals_per_rep` (deals a rep works over the history)
# sets it instead; a rep works about 2.6 deals (won, lost or still open) per planned win. Every
# rep wins at least one deal a week, so very small values have no further effect.
WINS_PER_WEEK = 2.5
DEALS_PER_WIN = 2.6

# (table, statement) in the order they run; each statement may read the earlier tables' loads.
STEPS: tuple[tuple[str, str], ...] = (
    ("reps", "demo/reps"),
    ("targets", "demo/targets"),
    ("snapshots", "demo/snapshots"),
    ("bookings", "demo/bookings"),
    ("calls", "demo/calls"),
    ("forecasts", "demo/forecasts"),
)

_PARAM = re.compile(r"\$([A-Za-z_]\w*)")


@dataclass(frozen=True)
class DemoStories:
    """Who carries each story of the demo (data/README.md); the ids hold for every seed.

    Rep stories need at least 17 reps (N05 is the 17th rep dealt); region stories hold at any
    size.
    """

    sandbagger: str = "E02"  # M1 > 110% most weeks
    over_committer: str = "S03"  # M1 < 95% most weeks
    hockey_stick_region: str = "East"  # M13: over half of each quarter in its last month
    thin_pipeline_region: str = "West"  # M9 < 150% for the current quarter
    unrealized_region: str = "South"  # M4 > 5%
    late_submitter: str = "N05"  # M14: calls after Monday 09:00 most weeks
    serial_slipper: str = "N02"  # M11: deals slipping a month in 3-5 consecutive snapshots
    group_b: str = "N03"  # M16 B: disciplined, attainment below 100%
    group_c: str = "W02"  # M16 C: attainment above 100%, discipline below 0.8


STORIES = DemoStories()


@dataclass(frozen=True)
class DemoCalendar:
    """The dates that frame the demo history.

    The history covers the `years - 1` fiscal years before the current one and the current
    fiscal year up to the week of `today` (one fiscal year more when the current one has not
    reached its first Monday yet): weekly snapshots run from the first Monday of the
    first fiscal year (`first_monday`) to the Monday on or before today (`last_monday`). Data is
    as of that last Monday morning: bookings end the day before it.
    """

    today: date
    history_start: date
    first_monday: date
    last_monday: date
    last_target_month: date
    origin: date

    @property
    def n_weeks(self) -> int:
        """Number of weekly snapshots (and of weekly calls per rep)."""
        return (self.last_monday - self.first_monday).days // 7 + 1

    def week_index(self, monday: date) -> int:
        """Week number of a Monday on the planning timeline that starts at `origin`."""
        return (monday - self.origin).days // 7


def _first_monday(d: date) -> date:
    return d + timedelta(days=(7 - d.weekday()) % 7)


def demo_calendar(today: date, years: int, first_month: int) -> DemoCalendar:
    """The demo's calendar for `years` fiscal years ending with the week of `today`."""
    current_fy = fiscal_year_start(today, first_month)
    last_monday = today - timedelta(days=today.weekday())
    # In the first days of a fiscal year its first Monday may still lie ahead: then the history
    # reaches one fiscal year further back, so that it holds at least one snapshot.
    back = years - 1 if _first_monday(current_fy) <= last_monday else years
    history_start = date(current_fy.year - back, current_fy.month, 1)
    first_monday = _first_monday(history_start)
    # Targets reach the end of the fiscal year that holds the month eleven months from now,
    # so that a 12-month forecast submitted this month has a target for every month.
    ahead = fiscal_year_start(add_months_to(today, 11), first_month)
    return DemoCalendar(
        today=today,
        history_start=history_start,
        first_monday=first_monday,
        last_monday=last_monday,
        last_target_month=add_months_to(ahead, 11),
        origin=first_monday - timedelta(weeks=LEAD_WEEKS),
    )


@dataclass(frozen=True)
class DemoResult:
    """What one demo build wrote: rows per table and the load id of each table's load."""

    calendar: DemoCalendar
    seed: int
    rows: Mapping[str, int]
    load_ids: Mapping[str, int]

    def summary(self, path: str) -> str:
        c = self.calendar
        r = self.rows
        return (
            f"Demo organisation (seed {self.seed}) written to {path}:\n"
            f"  {r['reps']} reps in 4 regions (North, East, South, West); "
            f"{r['targets']} monthly targets\n"
            f"  {c.n_weeks} weekly snapshots {c.first_monday} … {c.last_monday}: "
            f"{r['snapshots']:,} deal rows\n"
            f"  {r['bookings']:,} bookings, {r['calls']:,} weekly calls, "
            f"{r['forecasts']:,} monthly forecast rows\n"
            "The stories this data tells (and the metric that shows each) are in data/README.md."
        )


def _require_empty(store: Store) -> None:
    counts = store.table_counts()
    filled = {name: n for name, n in counts.items() if n}
    if filled:
        listed = ", ".join(f"{name} ({n} rows)" for name, n in sorted(filled.items()))
        raise UsageError(
            f"{store.path} already holds data ({listed}); the demo is only built into an empty "
            "database, nothing was changed. Use a new --db path, e.g. "
            "`forecast-desk --db data/demo.duckdb demo`."
        )


def _check_scale(n_reps: int, years: int, deals_per_rep: int | None) -> None:
    if n_reps < 1:
        raise UsageError(f"n_reps must be at least 1 (got {n_reps}).")
    if years < 1:
        raise UsageError(f"years must be at least 1 (got {years}).")
    if deals_per_rep is not None and deals_per_rep < 1:
        raise UsageError(f"deals_per_rep must be at least 1 (got {deals_per_rep}).")


def _bound(text: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters a statement names; DuckDB refuses unused names."""
    return {name: params[name] for name in set(_PARAM.findall(text))}


def generate(
    store: Store,
    *,
    seed: int = 7,
    today: date | None = None,
    n_reps: int = 24,
    years: int = 2,
    deals_per_rep: int | None = None,
) -> DemoResult:
    """Build the demo into an empty store, one load per table, all in one transaction."""
    _check_scale(n_reps, years, deals_per_rep)
    _require_empty(store)
    moment = clock_now() if today is None else datetime.combine(today, time(23, 59, 59))
    cal = demo_calendar(moment.date(), years, store.settings.fiscal_year_start_month)
    wins_per_week = (
        WINS_PER_WEEK
        if deals_per_rep is None
        else max(deals_per_rep / (cal.n_weeks * DEALS_PER_WIN), 0.05)
    )
    params: dict[str, Any] = {
        "seed": seed,
        "today": cal.today,
        "now": moment,
        "m0": store.settings.fiscal_year_start_month,
        "n_reps": n_reps,
        "history_start": cal.history_start,
        "first_monday": cal.first_monday,
        "last_monday": cal.last_monday,
        "last_target_month": cal.last_target_month,
        "origin": cal.origin,
        "w_first": cal.week_index(cal.first_monday),
        "w_last": cal.week_index(cal.last_monday),
        "w_end": cal.week_index(cal.last_monday) + LEAD_WEEKS,
        "wins_per_week": wins_per_week,
    }
    content_hash = f"demo:seed={seed}:today={cal.today.isoformat()}"
    if (n_reps, years, deals_per_rep) != (24, 2, None):
        content_hash += f":n_reps={n_reps}:years={years}:deals_per_rep={deals_per_rep}"
    rows: dict[str, int] = {}
    load_ids: dict[str, int] = {}
    with store.transaction() as cur:
        # what the reps' months are expected to book, read by the calls and forecasts steps
        cur.execute(load_sql("demo/macros/month_expected"))
        for table, name in STEPS:
            load_id = next_load_id(cur)
            params.update({f"{t}_load_id": i for t, i in load_ids.items()}, load_id=load_id)
            text = load_sql(name)
            inserted = cur.execute(text, _bound(text, params)).fetchone()
            rows[table] = int(inserted[0]) if inserted else 0
            load_ids[table] = load_id
            record_load(
                cur,
                load_id=load_id,
                table_name=table,
                file_name=f"demo (seed {seed})",
                content_hash=content_hash,
                rows=rows[table],
                notes=f"demo organisation, history {cal.first_monday} … {cal.last_monday}",
            )
        after_data_change(cur)
    return DemoResult(calendar=cal, seed=seed, rows=rows, load_ids=load_ids)


def build_demo(
    store: Store,
    *,
    seed: int = 7,
    today: date | None = None,
    n_reps: int = 24,
    years: int = 2,
    deals_per_rep: int | None = None,
) -> str:
    """Build the demo organisation into an empty store and say what was written.

    `today` (default: the current date) ends the history; `n_reps` (dealt round-robin over the
    four regions), `years` (fiscal years of history) and `deals_per_rep` (about how many deals a
    rep works over the history) scale it. Raises UsageError when the store already holds data.
    """
    result = generate(
        store, seed=seed, today=today, n_reps=n_reps, years=years, deals_per_rep=deals_per_rep
    )
    return result.summary(store.path)
