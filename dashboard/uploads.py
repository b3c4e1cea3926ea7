"""The upload handler of the Data page, without widgets, so that tests can drive it directly.

An uploaded file is written to a temporary file (analytics.ingest reads paths), previewed, then
loaded. The temporary file lives only while it waits to be loaded: `load_upload` deletes it
after the load or the refusal (it stays while the page asks whether to replace a stored
snapshot), the page deletes it when the uploader lets go of the file, and `sweep_stale` removes
what a session that ended left behind (at start and with every new upload). The outcome is a frozen `UploadOutcome`: loaded, refused (with the full list of
row/column/value/message problems), or waiting for the user to confirm the replacement of a
snapshot date that is already stored. Nothing here formats SQL or computes metrics.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import pandas as pd

from analytics.errors import ForecastDeskError, LoadError, RowError, SnapshotExistsError
from analytics.ingest import FilePreview, check_file, ingest_file, preview_file
from analytics.ingest.columns import table_spec
from analytics.store import Store
from dashboard.i18n import TEXTS, t

UPLOAD_TABLES: tuple[str, ...] = ("snapshots", "bookings", "targets", "calls", "forecasts", "reps")
Status = Literal["loaded", "refused", "needs_replace", "checked"]
ERROR_COLUMNS = ("row", "column", "value", "message")
# A temporary upload untouched for this long belongs to a session that ended.
STALE_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class UploadOutcome:
    """What happened to one upload, ready for the page to show."""

    status: Status
    file_name: str
    message: str = ""
    notes: tuple[str, ...] = ()
    errors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(ERROR_COLUMNS)))
    total_errors: int = 0
    rows: int | None = None
    replace_dates: tuple[date, ...] = ()
    replace_rows: int = 0  # stored snapshot rows of replace_dates that a replace drops
    rejected: int = 0  # rows left out (opt-in rejects), in `rejected_csv`
    rejected_csv: bytes = b""


def upload_root() -> Path:
    """The folder of the temporary uploads: one sub-folder per content digest."""
    return Path(tempfile.gettempdir()) / "forecast-desk-uploads"


def save_upload(name: str, content: bytes) -> Path:
    """Write uploaded bytes to a temporary file named after the upload (content-addressed).

    Sweeps stale uploads first; an upload already on disk is marked fresh instead of rewritten.
    """
    sweep_stale()
    digest = hashlib.sha256(content).hexdigest()[:16]
    safe = re.sub(r"[^\w.\-]+", "_", Path(name).name)[:120] or "upload.csv"
    folder = upload_root() / digest
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe
    if path.exists():
        os.utime(folder)
    else:
        path.write_bytes(content)
    return path


def rejects_path(path: Path) -> Path:
    """Where the opt-in rejects of an upload are written, beside it."""
    return path.with_name(f"rejected-{path.name}")


def discard_upload(path: Path) -> None:
    """Remove a temporary upload, its rejects file and its folder (ignore what is gone).

    Only a file inside `upload_root()` is removed: nothing else is ever deleted here.
    """
    folder = path.parent
    if folder.parent != upload_root():
        return
    for item in (path, rejects_path(path)):
        item.unlink(missing_ok=True)
    try:
        folder.rmdir()  # left when another file of the same content is still there
    except OSError:
        pass


def sweep_stale(max_age: timedelta = STALE_AFTER, now: float | None = None) -> int:
    """Remove temporary uploads untouched for `max_age` (a session that ended); return how many."""
    root = upload_root()
    if not root.is_dir():
        return 0
    if now is None:  # the file system's clock, which stamped the uploads (not the desk's clock)
        os.utime(root)
        now = root.stat().st_mtime
    limit = now - max_age.total_seconds()
    removed = 0
    for folder in root.iterdir():
        try:
            if folder.is_dir() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder)
                removed += 1
        except OSError:  # another process removed it first
            continue
    return removed


def problem_text(error: RowError, lang: str) -> str:
    """A problem's message in `lang`: the catalog's `prob_<code>` text filled with the problem's
    values (dashboard/locales, page "problems"); the analytics message when it has no code."""
    if lang == "en" or not error.code or f"prob_{error.code}" not in TEXTS[lang]:
        return error.message
    values = dict(error.params)
    try:
        n = int(values.get("detail") or 0)
    except ValueError:
        n = 0
    others = t("prob_others", lang, n=n) if n > 0 else ""
    return t(f"prob_{error.code}", lang, **values, others=others)


def errors_frame(exc: LoadError) -> pd.DataFrame:
    """The refused file's problems as a table: row, column, value, message, and the message in
    Chinese (`message_zh`, which errors tables show instead in Chinese)."""
    records = [
        {
            "row": e.row,
            "column": e.column,
            "value": e.value,
            "message": e.message,
            "message_zh": problem_text(e, "zh"),
        }
        for e in exc.errors
    ]
    frame = pd.DataFrame.from_records(records, columns=[*ERROR_COLUMNS, "message_zh"])
    frame["row"] = frame["row"].astype("Int64")
    return frame


def is_replace_needed(exc: LoadError) -> bool:
    """The load was refused only because its snapshot date is already stored."""
    return isinstance(exc, SnapshotExistsError)


def replace_dates_of(exc: LoadError) -> tuple[date, ...]:
    """The stored snapshot dates a refused snapshot file would replace."""
    return tuple(exc.existing_dates) if isinstance(exc, SnapshotExistsError) else ()


def preview(
    store: Store,
    table: str,
    path: Path,
    snapshot_date: date | None,
    file_name: str,
    encoding: str | None = None,
) -> FilePreview:
    """How the file would load (analytics.ingest.preview_file); LoadError when unreadable."""
    return preview_file(
        store, table, path, snapshot_date=snapshot_date, file_name=file_name, encoding=encoding
    )


def check_upload(
    store: Store,
    table: str,
    path: Path,
    *,
    file_name: str,
    snapshot_date: date | None = None,
    encoding: str | None = None,
    column_map: dict[str, str] | None = None,
    stages: dict[str, float] | None = None,
) -> UploadOutcome:
    """The checks of a load without loading (analytics.ingest.check_file), for the preview:
    "checked" (it would load `rows` rows), "refused" with every problem, or "needs_replace"
    with the stored dates and rows it would replace. The store and the file are unchanged."""
    try:
        rows, notes = check_file(
            store,
            table,
            path,
            snapshot_date=snapshot_date,
            file_name=file_name,
            encoding=encoding,
            column_map=column_map,
            stages=stages,
        )
    except SnapshotExistsError as exc:
        return UploadOutcome(
            "needs_replace",
            file_name,
            message=str(exc),
            replace_dates=tuple(exc.existing_dates),
            replace_rows=exc.existing_rows,
        )
    except LoadError as exc:
        total = exc.total_errors if exc.total_errors is not None else len(exc.errors)
        return UploadOutcome(
            "refused", file_name, message=str(exc), errors=errors_frame(exc), total_errors=total
        )
    except ForecastDeskError as exc:
        return UploadOutcome("refused", file_name, message=str(exc), total_errors=1)
    return UploadOutcome("checked", file_name, notes=tuple(notes), rows=rows)


def mapping_frame(mapping: dict[str, str]) -> pd.DataFrame:
    """A preview's column mapping {contract column: file header} as a two-column table."""
    items = [(str(k), str(v)) for k, v in mapping.items()]
    return pd.DataFrame(items, columns=["target", "source"])


def expected_columns(table: str) -> pd.DataFrame:
    """The columns a table takes (label, required, accepted headers)."""
    spec = table_spec(table)
    required = {key for group in spec.required for key in group}
    return pd.DataFrame(
        [
            {
                "column": col.label,
                "required": col.key in required,
                "also_accepted": ", ".join(col.accepted()[1:6]),
            }
            for col in spec.columns
        ]
    )


def load_upload(
    store: Store,
    table: str,
    path: Path,
    *,
    file_name: str,
    snapshot_date: date | None = None,
    replace: bool = False,
    encoding: str | None = None,
    column_map: dict[str, str] | None = None,
    stages: dict[str, float] | None = None,
    rejects: bool = False,
) -> UploadOutcome:
    """Load one file (all or nothing) and describe the outcome for the page.

    The temporary file is deleted after the load or the refusal; it stays only while the
    outcome asks whether to replace a stored snapshot (the page loads it again on "yes").
    """
    if table not in UPLOAD_TABLES:
        raise ValueError(f"unknown table {table}")
    waiting = False
    try:
        report = ingest_file(
            store,
            table,
            path,
            snapshot_date=snapshot_date,
            replace=replace,
            file_name=file_name,
            encoding=encoding,
            column_map=column_map,
            stages=stages,
            rejects=rejects_path(path) if rejects else None,
        )
        left_out = rejects_path(path)
        rejected_csv = left_out.read_bytes() if rejects and left_out.exists() else b""
    except LoadError as exc:
        if is_replace_needed(exc) and not replace:
            waiting = True
            dates = replace_dates_of(exc) or ((snapshot_date,) if snapshot_date else ())
            rows = exc.existing_rows if isinstance(exc, SnapshotExistsError) else 0
            return UploadOutcome(
                "needs_replace",
                file_name,
                message=str(exc),
                replace_dates=dates,
                replace_rows=rows,
            )
        total = exc.total_errors if exc.total_errors is not None else len(exc.errors)
        return UploadOutcome(
            "refused", file_name, message=str(exc), errors=errors_frame(exc), total_errors=total
        )
    except ForecastDeskError as exc:
        return UploadOutcome("refused", file_name, message=str(exc), total_errors=1)
    finally:
        if not waiting:
            discard_upload(path)
    summary = report.describe().splitlines()[0]  # the notes follow on their own lines
    return UploadOutcome(
        "loaded",
        file_name,
        message=summary,
        notes=tuple(str(n) for n in report.notes),
        rows=int(report.rows),
        rejected=int(report.rejected),
        rejected_csv=rejected_csv,
    )
