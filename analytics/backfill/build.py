"""`forecast-desk backfill`: weekly snapshot history and bookings rebuilt from one deals extract.

A team that starts with Forecast Desk has one extract of its deals and, at best, the CRM's field
history. This writes one snapshot per week (on the settings' snapshot weekday) from `--from` to
`--to` and the bookings of won deals, as one load that `unload` removes whole. The extract is
read, mapped (`--map`), given stage names (`--stage`) and checked by the loader
(analytics.ingest) as the table `deals`; `--rejects` leaves bad rows out as for `ingest`. The
history is written by set-based SQL (sql/backfill/snapshots.sql): the date spine joined to the
deals, with each field as of each snapshot date from the field history when there is one
(sql/backfill/states.sql: each deal's state between two changes).

Without history the extract's values stand for the whole past, so slips and amount changes before
it cannot be seen; such loads are of kind `backfill` in the load log (`rebuilt_range` tells the
pages), those with history of kind `backfill_history`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analytics.backfill.history import HistoryRead, read_history
from analytics.calendar import today as clock_today
from analytics.errors import LoadError, RowError, UsageError
from analytics.ingest.columns import DEALS
from analytics.ingest.load import OpenedFile, derive_reps, duckdb_failure, open_file, with_stages
from analytics.ingest.memory import capped_memory
from analytics.ingest.reader import ERROR_CAP, install_macros, read_into_raw
from analytics.ingest.rejects import Rejected, check_leaving_out, write_rejects
from analytics.ingest.textfile import readable_name
from analytics.ingest.validate import _label, require_columns, stage_and_check
from analytics.loadlog import after_data_change, next_load_id, record_load
from analytics.settings import LOST_STAGE_NAMES, Settings
from analytics.sql import load_sql
from analytics.store import Store

KIND_RULES = "backfill"
PREVIEW_LOAD_ID = -1  # the rows of a preview, rolled back: no load id is used up
KIND_HISTORY = "backfill_history"
WITHOUT_HISTORY = (
    "rebuilt from one extract without field history: every deal keeps the extract's amount, "
    "close date and stage (won and lost deals open at the settings' open stage until they "
    "closed), so slips and amount changes before the extract cannot be seen (M11 slipped and "
    "stale deals, M12 pulled in, pushed out, increased, decreased)"
)

# Progress of a backfill: the fraction done and the step now running, one of STEPS.
Progress = Callable[[float, str], None]
STEPS = ("read", "check", "history", "snapshots", "bookings", "summaries", "done")


@dataclass(frozen=True)
class BackfillRequest:
    """What to rebuild: the extract, an optional history file, the dates and the load options."""

    path: Path
    history: Path | None = None
    date_from: date | None = None
    date_to: date | None = None
    column_map: Mapping[str, str] | None = None
    stages: Mapping[str, float] | None = None
    rejects: Path | None = None
    encoding: str | None = None
    file_name: str | None = None
    history_name: str | None = None


@dataclass(frozen=True)
class BackfillReport:
    """What a backfill wrote (or, for a preview, would write)."""

    load_id: int
    kind: str
    file_name: str
    first: date
    last: date
    weeks: int
    deals: int
    snapshot_rows: int
    bookings: int
    notes: list[str] = field(default_factory=list)
    rejected: int = 0
    weekly: pd.DataFrame | None = None  # preview: per snapshot date, deals/open/won/lost

    def describe(self) -> str:
        """A few lines for the command line."""
        lines = [
            f"wrote {self.weeks} weekly snapshot{'s' if self.weeks != 1 else ''} "
            f"{self.first.isoformat()} … {self.last.isoformat()} ({self.snapshot_rows} rows, "
            f"{self.deals} deals) and {self.bookings} booking{'s' if self.bookings != 1 else ''} "
            f"from {self.file_name} (load {self.load_id}, {self.kind}; "
            f"`forecast-desk unload {self.load_id}` removes it)"
        ]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


def snapshot_days(first: date, last: date, weekday: int) -> tuple[date, date]:
    """The first and last `weekday` (0 = Monday) within [first, last]; UsageError if none."""
    start = first + timedelta(days=(weekday - first.weekday()) % 7)
    end = last - timedelta(days=(last.weekday() - weekday) % 7)
    if start > end:
        raise UsageError(
            f"there is no snapshot weekday between {first.isoformat()} and {last.isoformat()}: "
            "widen --from/--to to hold at least one week"
        )
    return start, end


def backfill_file(
    store: Store, request: BackfillRequest, progress: Progress | None = None
) -> BackfillReport:
    """Write the weekly history of `request` as one load, or raise LoadError and change nothing."""
    return _run(store, request, progress, preview=False)


def preview_backfill(store: Store, request: BackfillRequest) -> BackfillReport:
    """What `backfill_file` would write (weeks, deals, rows, bookings, per-week counts); the
    store is left exactly as it was."""
    return _run(store, request, None, preview=True)


def _run(
    store: Store, request: BackfillRequest, progress: Progress | None, *, preview: bool
) -> BackfillReport:
    step = progress or (lambda _f, _t: None)
    name = readable_name(request.file_name or Path(request.path).name)
    to_day = request.date_to or clock_today()
    if request.date_from is not None and request.date_from > to_day:
        raise UsageError(f"--from {request.date_from} is after --to {to_day}")
    try:
        with open_file(
            "deals", Path(request.path), name, request.encoding, request.column_map
        ) as opened:
            require_columns(opened.mapping, DEALS, name, snapshot_date=None)
            try:
                return _in_transaction(store, request, opened, name, to_day, step, preview)
            except _Preview as rolled_back:
                return rolled_back.report
    except duckdb.Error as exc:
        raise duckdb_failure(name, exc) from exc


class _Preview(Exception):  # noqa: N818 - not an error: it rolls the preview's transaction back
    def __init__(self, report: BackfillReport) -> None:
        super().__init__("preview")
        self.report = report


def _in_transaction(
    store: Store,
    request: BackfillRequest,
    opened: OpenedFile,
    name: str,
    to_day: date,
    step: Progress,
    preview: bool,
) -> BackfillReport:
    with store.transaction() as cur:
        # Reading, checking and writing run under the loader's memory cap; the summaries
        # of the whole history (analytics.derived) are refreshed without it: sorting
        # millions of rows by deal under 1 GB spills to disk and takes minutes.
        with capped_memory(store):
            report, rejected = _check_and_write(
                cur, store, request, opened, name, to_day, step, preview=preview
            )
        if preview:
            raise _Preview(report)  # the transaction rolls back: nothing is stored
        if request.rejects is not None:
            write_rejects(opened.prepared, opened.header, rejected, request.rejects)
        step(0.85, "summaries")
        after_data_change(cur)
    step(1.0, "done")
    return report


def _check_and_write(
    cur: duckdb.DuckDBPyConnection,
    store: Store,
    request: BackfillRequest,
    opened: OpenedFile,
    name: str,
    to_day: date,
    step: Progress,
    *,
    preview: bool,
) -> tuple[BackfillReport, Rejected]:
    step(0.05, "read")
    install_macros(cur)
    read_into_raw(cur, opened.prepared, opened.header, opened.mapping)
    settings, stage_note = with_stages(store.settings, request.stages)
    step(0.15, "check")
    rejected = Rejected()
    if request.rejects is None:
        checked = stage_and_check(cur, DEALS, opened.mapping, settings, snapshot_date=None)
    else:
        checked, rejected = check_leaving_out(
            cur, DEALS, opened.mapping, settings, snapshot_date=None, file_name=name
        )
    if checked.total_errors:
        errors = sorted(checked.errors, key=lambda e: (e.row is None, e.row or 0))
        raise LoadError(name, errors[:ERROR_CAP], total_errors=checked.total_errors)
    notes = opened.notes() + list(checked.notes) + stage_note
    history = _history(cur, request, settings, step)
    report = _write(
        cur,
        store,
        request,
        settings,
        to_day,
        name,
        opened.prepared.content_hash,
        history,
        notes,
        rejected,
        step,
        preview=preview,
    )
    return report, rejected


def _history(
    cur: duckdb.DuckDBPyConnection, request: BackfillRequest, settings: Settings, step: Progress
) -> HistoryRead | None:
    if request.history is None:
        cur.execute(load_sql("backfill/changes_empty"))
        return None
    step(0.3, "history")
    try:
        return read_history(
            cur,
            request.history,
            stage_names=[_label(k) for k in settings.stages],
            stage_values=[float(v) for v in settings.stages.values()],
            lost_names=sorted(_label(n) for n in LOST_STAGE_NAMES),
            file_name=request.history_name,
            encoding=request.encoding,
        )
    except duckdb.Error as exc:
        raise duckdb_failure(
            readable_name(request.history_name or request.history.name), exc
        ) from exc


def _write(
    cur: duckdb.DuckDBPyConnection,
    store: Store,
    request: BackfillRequest,
    settings: Settings,
    to_day: date,
    name: str,
    content_hash: str,
    history: HistoryRead | None,
    notes: list[str],
    rejected: Rejected,
    step: Progress,
    *,
    preview: bool,
) -> BackfillReport:
    # The spine's last date first: a deal without a created date appears on it.
    cur.execute(load_sql("backfill/deals"), {"last": to_day})
    summary = _one(cur, "backfill/summary", {})
    first_day = request.date_from or summary["earliest_created"] or to_day
    first, last = snapshot_days(first_day, to_day, settings.snapshot_weekday)
    cur.execute(load_sql("backfill/deals"), {"last": last})
    cur.execute(load_sql("backfill/weeks"), {"first": first, "last": last})
    cur.execute(load_sql("backfill/states"))
    stored = cur.execute(
        load_sql("backfill/stored_dates"), {"first": first, "last": last}
    ).fetchall()
    if stored:
        raise LoadError(name, [_stored_error(stored, first)], total_errors=1)
    step(0.45, "snapshots")
    load_id = PREVIEW_LOAD_ID if preview else next_load_id(cur)
    cur.execute(
        load_sql("backfill/snapshots"),
        {
            "load_id": load_id,
            "open_stage": settings.backfill_open_stage,
            "last_close": to_day,
        },
    )
    step(0.7, "bookings")
    skipped = _one(cur, "backfill/bookings_skipped", {"last_day": to_day})
    if history is not None:
        unmatched = _one(cur, "backfill/history_unmatched", {})["n"]
        if unmatched:
            notes.append(f"history of {unmatched} deals that the extract does not hold: not used")
    cur.execute(load_sql("backfill/bookings"), {"load_id": load_id, "last_day": to_day})
    derive_reps(cur, load_id, notes)
    counts = _one(cur, "backfill/load_counts", {"load_id": load_id})
    notes += _rule_notes(summary, settings, to_day, history)
    if skipped["n"]:
        notes.append(
            f"{skipped['n']} won deals already have their bookings stored: left as they are"
        )
    if rejected:
        target = request.rejects.name if request.rejects else "the rejects file"
        notes.append(f"{rejected.summary()}; written to {target}")
    kind = KIND_HISTORY if history else KIND_RULES
    file_name = name if history is None else f"{name} + {history.file_name}"
    weekly = (
        cur.execute(load_sql("backfill/preview_weeks"), {"load_id": load_id}).df()
        if preview
        else None
    )
    if not preview:
        digest = (
            content_hash
            if history is None
            else hashlib.sha256((content_hash + history.content_hash).encode()).hexdigest()
        )
        record_load(
            cur,
            load_id=load_id,
            table_name=kind,
            file_name=file_name,
            content_hash=digest,
            rows=int(counts["snapshot_rows"]) + int(counts["bookings"]),
            snapshot_date=None,
            notes="; ".join(notes),
        )
    return BackfillReport(
        load_id=load_id,
        kind=kind,
        file_name=file_name,
        first=first,
        last=last,
        weeks=int(counts["weeks"]),
        deals=int(counts["deals"]),
        snapshot_rows=int(counts["snapshot_rows"]),
        bookings=int(counts["bookings"]),
        notes=notes,
        rejected=len(rejected),
        weekly=weekly,
    )


def _one(cur: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> dict[str, Any]:
    rel = cur.execute(load_sql(name), params)
    cols = [d[0] for d in rel.description or ()]
    row = rel.fetchone()
    return dict(zip(cols, row or (None,) * len(cols), strict=True))


def _stored_error(stored: list[tuple[date, list[int]]], first: date) -> RowError:
    days = ", ".join(d.isoformat() for d, _ in stored[:5])
    more = f" and {len(stored) - 5} more" if len(stored) > 5 else ""
    loads = sorted({int(i) for _, ids in stored for i in ids})
    before = stored[0][0] - timedelta(days=1)
    fix = (
        f"end the history before them (--to {before.isoformat()})"
        if before >= first
        else "remove those loads first (forecast-desk unload ID)"
    )
    return RowError(
        None,
        None,
        None,
        f"the store already holds snapshots of {days}{more} (load "
        f"{', '.join(str(i) for i in loads)}): a backfill never replaces stored snapshots; {fix}",
    )


def _rule_notes(
    summary: dict[str, Any], settings: Settings, to_day: date, history: HistoryRead | None
) -> list[str]:
    notes: list[str] = []
    if history is None:
        notes.append(WITHOUT_HISTORY)
    else:
        notes += list(history.notes)
        notes.append(
            f"{history.changes} recorded values replayed: each deal's stage, amount, close date and "
            "category as of each snapshot date; deals without history follow the extract"
        )
    if summary["no_created"]:
        notes.append(
            f"{summary['no_created']} deals without a created date appear from the last "
            "snapshot on" + (" (or their first recorded change)" if history is not None else "")
        )
    if summary["no_close"]:
        notes.append(
            f"{summary['no_close']} open deals without a close date take {to_day.isoformat()} "
            "(--to) as their close date"
        )
    if summary["no_amount"]:
        notes.append(f"{summary['no_amount']} open or lost deals without an amount stored at 0")
    if history is None and summary["won"] + summary["lost"]:
        notes.append(
            f"won and lost deals show stage {settings.backfill_open_stage:g} (settings "
            "[backfill] open_stage) until their close date"
        )
    return notes
