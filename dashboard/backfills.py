"""The "Build history from one extract" flow of the Data page, without widgets, for tests.

An extract (and optionally a field-history export) is saved like an upload, previewed with
analytics.backfill.preview_backfill (the weeks and deals it would write; the store is left as it
was) and built with backfill_file as one load. The outcome is a frozen `BackfillOutcome`: built,
or refused with every problem as row/column/value/message. Nothing here formats SQL or computes
metrics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import pandas as pd

from analytics.backfill import BackfillReport, BackfillRequest, backfill_file, preview_backfill
from analytics.errors import ForecastDeskError, LoadError
from analytics.store import Store
from dashboard import uploads
from dashboard.uploads import ERROR_COLUMNS, errors_frame

Status = Literal["built", "refused"]


@dataclass(frozen=True)
class BackfillOutcome:
    """What happened to one backfill, ready for the page to show."""

    status: Status
    file_name: str
    message: str = ""
    notes: tuple[str, ...] = ()
    errors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(ERROR_COLUMNS)))
    total_errors: int = 0
    load_id: int | None = None
    rejected: int = 0
    rejected_csv: bytes = b""


def request(
    path: Path,
    *,
    file_name: str,
    history: Path | None = None,
    history_name: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    column_map: dict[str, str] | None = None,
    stages: dict[str, float] | None = None,
    encoding: str | None = None,
    rejects: bool = False,
) -> BackfillRequest:
    """The analytics request for the page's choices (rejects go beside the saved upload)."""
    return BackfillRequest(
        path=path,
        history=history,
        date_from=date_from,
        date_to=date_to,
        column_map=column_map or None,
        stages=stages or None,
        rejects=uploads.rejects_path(path) if rejects else None,
        encoding=encoding,
        file_name=file_name,
        history_name=history_name,
    )


def preview(store: Store, wanted: BackfillRequest) -> BackfillReport:
    """The weeks, deals, rows and bookings a backfill would write; LoadError when refused."""
    return preview_backfill(store, wanted)


def build(
    store: Store, wanted: BackfillRequest, progress: Callable[[float, str], None] | None = None
) -> BackfillOutcome:
    """Build the history as one load (all or nothing) and describe the outcome for the page."""
    name = wanted.file_name or wanted.path.name
    try:
        report = backfill_file(store, wanted, progress)
    except LoadError as exc:
        total = exc.total_errors if exc.total_errors is not None else len(exc.errors)
        return BackfillOutcome(
            "refused", name, message=str(exc), errors=errors_frame(exc), total_errors=total
        )
    except ForecastDeskError as exc:
        return BackfillOutcome("refused", name, message=str(exc), total_errors=1)
    left_out = wanted.rejects
    return BackfillOutcome(
        "built",
        report.file_name,
        message=report.describe().splitlines()[0],
        notes=tuple(report.notes),
        load_id=report.load_id,
        rejected=report.rejected,
        rejected_csv=left_out.read_bytes() if left_out and left_out.exists() else b"",
    )


def load_row(store: Store, load_id: int | None) -> pd.DataFrame | None:
    """The load log's row of a backfill (None when it is gone or there is none)."""
    from analytics.loadlog import list_loads

    if load_id is None:
        return None
    loads = list_loads(store)
    row = loads[loads["load_id"] == load_id]
    return None if row.empty else row.reset_index(drop=True)
