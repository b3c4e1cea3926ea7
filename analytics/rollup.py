"""The forecast roll-up: company -> region -> manager -> rep, and the calls entered on top.

Every level commits a number for the week: the reps (their weekly calls), each manager (the
reps table's `manager` column), each region and the company. A manager's "sum below" is the sum
of the calls of the reps they manage that week (a rep without a call adds 0); a region's is the
sum of its managers' numbers (a manager who gave no call passes the sum below up unchanged); the
company's the sum of the regions'.

Calls of managers, regions and the company are **append-only submissions**: `submit_call`
writes a new row (time, who, reason, and the adjustment when the call was entered as one),
never updates one in place. The call that counts for a scope and week is its latest submission
made by the deadline (settings `call_deadline_weekday`/`call_deadline_hour`, Monday 09:00);
after the deadline the week is locked: a submission is refused unless it is recorded as a late
correction, which is kept, flagged, and counts only when the week has no on-time call.

SQL: sql/rollup/ (scope_calls, hierarchy, commit_diff, submit).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd

from analytics.calendar import call_deadline, week_monday
from analytics.calendar import now as clock_now
from analytics.errors import UsageError
from analytics.loadlog import after_data_change, next_load_id, record_load
from analytics.metrics.common import to_float
from analytics.sql import load_sql
from analytics.store import Store

# The levels that enter a call on the Weekly page (reps' calls arrive as files).
ENTRY_LEVELS: tuple[str, ...] = ("manager", "region", "company")
COMPANY = "company"
NO_MANAGER = "(no manager)"


class CallLockedError(UsageError):
    """A submission after the week's deadline that was not recorded as a late correction."""


@dataclass(frozen=True)
class LockState:
    """Whether the calls of a week still take submissions at `at`."""

    week_start: date
    deadline: datetime
    at: datetime

    @property
    def locked(self) -> bool:
        return self.at > self.deadline


@dataclass(frozen=True)
class Submission:
    """One appended call: what was stored and whether it was a flagged late correction."""

    scope_type: str
    scope: str
    week_start: date
    commit_amount: Decimal
    sum_below: Decimal
    adjustment: Decimal | None
    submitted_at: datetime
    submitted_by: str
    note: str
    late_correction: bool
    load_id: int


def lock_state(store: Store, week_start: date, at: datetime | None = None) -> LockState:
    """The deadline of the week's calls and whether it has passed (at: default now)."""
    s = store.settings
    deadline = call_deadline(week_monday(week_start), s.call_deadline_weekday, s.call_deadline_hour)
    return LockState(week_monday(week_start), deadline, at or clock_now())


def entry_week(store: Store, at: datetime | None = None) -> date:
    """The week whose call is open for entry at `at` (default now): this week until its
    deadline, then the next one."""
    moment = at or clock_now()
    this_week = week_monday(moment.date())
    return (
        this_week
        if not lock_state(store, this_week, moment).locked
        else this_week + timedelta(weeks=1)
    )


def organisation(store: Store) -> pd.DataFrame:
    """Each rep with name, region, manager ('' when none) and the manager's region."""
    return store.df("rollup/hierarchy")


def managers(store: Store) -> list[str]:
    """The managers named in the reps table, sorted."""
    org = organisation(store)
    return sorted(m for m in org["manager"].unique() if m)


def regions(store: Store) -> list[str]:
    return sorted(organisation(store)["manager_region"].dropna().unique())


def _deadline_params(store: Store) -> dict[str, int]:
    s = store.settings
    return {"deadline_weekday": s.call_deadline_weekday, "deadline_hour": s.call_deadline_hour}


def scope_calls(store: Store, week_from: date, week_to: date | None = None) -> pd.DataFrame:
    """Every submission of every level for the weeks week_from..week_to (default the same week):
    scope_type, scope, week_start, submitted_at, commit_amount, submitted_by, note, adjustment,
    late_correction, load_id, deadline, on_time, counts (the call that counts)."""
    params = {"week_from": week_from, "week_to": week_to or week_from, **_deadline_params(store)}
    return to_float(store.df("rollup/scope_calls", params))


def reps_of(store: Store, scope_type: str, scope: str) -> list[str]:
    """The rep ids under a scope: a rep itself, a manager's reps, a region's, or every rep."""
    org = organisation(store)
    if scope_type == "rep":
        picked = org[org["rep"] == scope]
    elif scope_type == "manager":
        picked = org[org["manager"] == ("" if scope == NO_MANAGER else scope)]
    elif scope_type == "region":
        picked = org[org["manager_region"] == scope]
    else:
        picked = org
    return sorted(picked["rep"])


def rollup_frame(store: Store, week_start: date) -> pd.DataFrame:
    """The roll-up of one week, in tree order: company, then each region, its managers and
    their reps.

    Columns: level, scope, name, parent, depth (0 company … 3 rep), call (the call that counts;
    NaN without one), sum_below (NaN for a rep), gap (call − sum_below), number (the call, else
    the sum below: what the level passes up), submitted_at, submitted_by, note, on_time,
    submissions (how many this week), missing_below (reps or managers below without a call).
    """
    week = week_monday(week_start)
    org = organisation(store)
    calls = scope_calls(store, week)
    n_subs = calls.groupby(["scope_type", "scope"]).size().to_dict()
    counted: dict[tuple[str, str], dict[Any, Any]] = {
        (str(c["scope_type"]), str(c["scope"])): c
        for c in calls[calls["counts"]].to_dict("records")
    }

    def row(
        level: str,
        scope: str,
        name: str,
        parent: str | None,
        depth: int,
        below: float | None,
        missing: int | None,
    ) -> dict[str, Any]:
        c = counted.get((level, scope))
        call = float(c["commit_amount"]) if c else float("nan")
        sum_below = float("nan") if below is None else below
        return {
            "level": level,
            "scope": scope,
            "name": name,
            "parent": parent,
            "depth": depth,
            "call": call,
            "sum_below": sum_below,
            "gap": call - sum_below,
            "number": call if c else (below or 0.0),
            "missing_below": missing,
            "submitted_at": c["submitted_at"] if c else None,
            "submitted_by": c["submitted_by"] if c else None,
            "note": c["note"] if c else None,
            "on_time": bool(c["on_time"]) if c else None,
            "submissions": int(n_subs.get((level, scope), 0)),
        }

    def total(rows: list[dict[str, Any]]) -> float:
        return float(sum(float(r["number"]) for r in rows))

    def without_call(rows: list[dict[str, Any]]) -> int:
        return sum(1 for r in rows if pd.isna(r["call"]) and r["scope"] != NO_MANAGER)

    rows: list[dict[str, Any]] = []
    region_rows: list[dict[str, Any]] = []
    for region in sorted(org["manager_region"].unique()):
        in_region = org[org["manager_region"] == region]
        manager_rows: list[dict[str, Any]] = []
        mgrs: list[dict[str, Any]] = []
        for manager in sorted(in_region["manager"].unique()):
            team = in_region[in_region["manager"] == manager]
            label = manager or NO_MANAGER
            rep_rows = [
                row("rep", r.rep, r.name or r.rep, label, 3, None, None) for r in team.itertuples()
            ]
            m_row = row("manager", label, label, region, 2, total(rep_rows), without_call(rep_rows))
            mgrs.append(m_row)
            manager_rows.extend([m_row, *rep_rows])
        r_row = row("region", region, region, COMPANY, 1, total(mgrs), without_call(mgrs))
        region_rows.append(r_row)
        rows.extend([r_row, *manager_rows])
    company = row(
        "company", COMPANY, COMPANY, None, 0, total(region_rows), without_call(region_rows)
    )
    return pd.DataFrame([company, *rows])


def sum_below(store: Store, scope_type: str, scope: str, week_start: date) -> float:
    """The sum of the numbers below a manager, region or the company for the week."""
    frame = rollup_frame(store, week_start)
    hit = frame[(frame["level"] == scope_type) & (frame["scope"] == scope)]
    if hit.empty:
        raise UsageError(f"no {scope_type} named '{scope}' in the reps table")
    return float(hit["sum_below"].iloc[0])


def call_history(
    store: Store, scope_type: str, scope: str, week_start: date, weeks: int = 1
) -> pd.DataFrame:
    """Every submission of one scope for the week and the `weeks - 1` weeks before it, newest
    first: week_start, submitted_at, commit_amount, adjustment, submitted_by, note, on_time,
    late_correction, counts."""
    week = week_monday(week_start)
    calls = scope_calls(store, week - timedelta(weeks=weeks - 1), week)
    mine = calls[(calls["scope_type"] == scope_type) & (calls["scope"] == scope)]
    cols = [
        "week_start",
        "submitted_at",
        "commit_amount",
        "adjustment",
        "submitted_by",
        "note",
        "on_time",
        "late_correction",
        "counts",
    ]
    return mine.sort_values(["week_start", "submitted_at", "load_id"], ascending=False)[
        cols
    ].reset_index(drop=True)


def commit_diff(store: Store, scope_type: str, scope: str, week_start: date) -> pd.DataFrame:
    """The commit deals under a scope that changed since last week: added, removed or
    amount_changed (snapshots as of this Monday and the one before); columns opportunity_id,
    opportunity_name, account, rep, change, amount_before, amount_now, difference, close_date."""
    params = {
        "week_start": week_monday(week_start),
        "reps": reps_of(store, scope_type, scope),
        "max_age": store.settings.snapshot_max_age_days,
    }
    return to_float(store.df("rollup/commit_diff", params))


def _amount(value: object, what: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise UsageError(f"{what} '{value}' is not an amount") from exc
    if not amount.is_finite():
        raise UsageError(f"{what} '{value}' is not an amount")
    return amount


def submit_call(
    store: Store,
    scope_type: str,
    scope: str,
    week_start: date,
    *,
    reason: str,
    submitted_by: str,
    amount: object | None = None,
    adjustment: object | None = None,
    late_correction: bool = False,
    at: datetime | None = None,
) -> Submission:
    """Append a manager's, region's or the company's call for a week; never updates a row.

    Give the call as `amount`, or as `adjustment` to the sum below (call = sum below +
    adjustment; a haircut is negative). `reason` is required. After the week's deadline the
    call is refused with CallLockedError unless `late_correction` is true: then it is stored,
    flagged as a late correction. Raises UsageError for an unknown scope, a missing reason, a
    negative call, or both or neither of amount and adjustment.
    """
    if scope_type not in ENTRY_LEVELS:
        raise UsageError(f"calls entered here are for {', '.join(ENTRY_LEVELS)}, not {scope_type}")
    week = week_monday(week_start)
    if week != week_start:
        raise UsageError(f"{week_start} is not a Monday: the week of it starts {week}")
    note = (reason or "").strip()
    who = (submitted_by or "").strip()
    if not note:
        raise UsageError("a reason is required: say why the call is what it is")
    if not who:
        raise UsageError("say who submits the call")
    if (amount is None) == (adjustment is None):
        raise UsageError("give the call as an amount or as an adjustment to the sum below")
    if scope_type == "manager" and scope not in managers(store):
        raise UsageError(f"'{scope}' is not a manager in the reps table")
    if scope_type == "region" and scope not in regions(store):
        raise UsageError(f"'{scope}' is not a region of the reps table")
    if scope_type == "company":
        scope = COMPANY
    state = lock_state(store, week, at)
    if state.locked and not late_correction:
        raise CallLockedError(
            f"The calls for the week of {week:%Y-%m-%d} were locked at "
            f"{state.deadline:%A %Y-%m-%d %H:%M}; this change was not saved. Record it as a late "
            "correction (it is kept and flagged as late, and the on-time call still counts)."
        )
    below = _amount(sum_below(store, scope_type, scope, week), "sum below")
    adj = None if adjustment is None else _amount(adjustment, "adjustment")
    commit = below + adj if adj is not None else _amount(amount, "amount")
    if commit < 0:
        raise UsageError(f"the call would be {commit}: a call cannot be negative")
    late = state.locked
    moment = state.at
    fingerprint = hashlib.sha256(
        f"{scope_type}|{scope}|{week}|{moment.isoformat()}|{commit}|{who}|{note}".encode()
    ).hexdigest()
    with store.transaction() as cur:
        load_id = next_load_id(cur)
        cur.execute(
            load_sql("rollup/submit"),
            {
                "week_start": week,
                "submitted_at": moment,
                "commit_amount": commit,
                "load_id": load_id,
                "scope_type": scope_type,
                "scope": scope,
                "submitted_by": who,
                "note": note,
                "adjustment": adj,
                "late_correction": late,
            },
        )
        record_load(
            cur,
            load_id=load_id,
            table_name="calls",
            file_name=f"Weekly page: {scope_type} {scope}, week {week:%Y-%m-%d}",
            content_hash=f"entry:{fingerprint}",
            rows=1,
            notes=("late correction: " if late else "") + f"by {who}: {note}",
        )
        after_data_change(cur)
    return Submission(
        scope_type=scope_type,
        scope=scope,
        week_start=week,
        commit_amount=commit,
        sum_below=below,
        adjustment=adj,
        submitted_at=moment,
        submitted_by=who,
        note=note,
        late_correction=late,
        load_id=load_id,
    )


__all__ = [
    "COMPANY",
    "ENTRY_LEVELS",
    "NO_MANAGER",
    "CallLockedError",
    "LockState",
    "Submission",
    "call_history",
    "commit_diff",
    "entry_week",
    "lock_state",
    "managers",
    "organisation",
    "regions",
    "reps_of",
    "rollup_frame",
    "scope_calls",
    "submit_call",
    "sum_below",
]
