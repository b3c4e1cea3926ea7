"""The monthly action plan: a note per rep and month, agreed between the rep and the regional manager.

DOMAIN.md asks every monthly forecast review to end with an action plan. It is the one thing the
dashboard writes besides loaded files: the table `action_plans` (rep, month, note, updated_at)
holds at most one note per rep and month; saving again replaces it and saving an empty note
removes it. SQL: sql/action_plans/list.sql, upsert.sql, delete.sql, rep_known.sql.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import pandas as pd

from analytics.calendar import now as clock_now
from analytics.errors import UsageError
from analytics.sql import load_sql
from analytics.store import Store

MAX_NOTE_CHARS = 4000
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})(?:-\d{2})?$")
COLUMNS = ("rep", "rep_name", "region", "month", "note", "updated_at")


def month_start(month: date | str) -> date:
    """The first day of a month given as a date (any day of it) or as 'YYYY-MM'."""
    if isinstance(month, datetime):
        month = month.date()
    if isinstance(month, date):
        return month.replace(day=1)
    match = _MONTH_RE.match(str(month).strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise UsageError(f"Invalid month '{month}': expected YYYY-MM, e.g. 2026-01.")
    return date(int(match.group(1)), int(match.group(2)), 1)


def _month_end(first: date) -> date:
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def list_action_plans(
    store: Store,
    month: date | str,
    regions: Sequence[str] = (),
    reps: Sequence[str] = (),
) -> pd.DataFrame:
    """The action plans of one month: `rep, rep_name, region, month, note, updated_at`.

    One row per rep of the chosen regions and reps (empty = all) who was active during the month
    or has a note for it, ordered by region and rep; `note` and `updated_at` are empty for a rep
    without a plan yet, so the list is also the list of plans still to agree.
    """
    first = month_start(month)
    params = {
        "month_start": first,
        "month_end": _month_end(first),
        "regions": list(regions),
        "reps": list(reps),
    }
    frame = store.df("action_plans/list", params)
    return frame[list(COLUMNS)].reset_index(drop=True)


def save_action_plan(
    store: Store,
    rep: str,
    month: date | str,
    note: str | None,
    *,
    now: datetime | None = None,
) -> None:
    """Store `note` as the rep's action plan for the month; an empty note deletes the plan.

    The note is kept as typed (surrounding blank space removed). `now` is the time recorded as
    `updated_at` (default: the local time of the machine). Raises UsageError for an unknown rep
    or a note longer than MAX_NOTE_CHARS characters.
    """
    rep_id = (rep or "").strip()
    if not rep_id:
        raise UsageError("An action plan needs a rep.")
    first = month_start(month)
    text = (note or "").strip()
    if len(text) > MAX_NOTE_CHARS:
        raise UsageError(
            f"The action plan of {rep_id} has {len(text)} characters; "
            f"keep it under {MAX_NOTE_CHARS}."
        )
    stamp = (now or clock_now()).replace(microsecond=0)
    with store.transaction() as cur:
        known = cur.execute(load_sql("action_plans/rep_known"), {"rep": rep_id}).fetchone()
        if not known or not known[0]:
            raise UsageError(f"Unknown rep '{rep_id}': load the rep in the reps table first.")
        if text:
            cur.execute(
                load_sql("action_plans/upsert"),
                {"rep": rep_id, "month_start": first, "note": text, "updated_at": stamp},
            )
        else:
            cur.execute(load_sql("action_plans/delete"), {"rep": rep_id, "month_start": first})


__all__ = ["MAX_NOTE_CHARS", "list_action_plans", "month_start", "save_action_plan"]
