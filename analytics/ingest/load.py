"""Loading a file: read, check, replace what it supersedes, insert and log — all or nothing.

Everything from reading the file to the load-log row happens in one `store.transaction()`, with
DuckDB's memory capped (analytics.ingest.memory) so that a large file spills to disk: a
refused file raises LoadError and the transaction rolls back, so the store is exactly as
before. What a new file supersedes is replaced in the same transaction: a snapshot date
(only with replace=True), a rep's call for a week, a rep's 12-month submission for a review
month.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from datetime import date
from pathlib import Path

import duckdb

from analytics.errors import LoadError, RowError, SnapshotExistsError, UsageError
from analytics.ingest.columns import (
    HeaderMapping,
    TableSpec,
    map_headers,
    name_list,
    table_spec,
)
from analytics.ingest.fastpath import typed_candidates
from analytics.ingest.layout import Header, read_header
from analytics.ingest.memory import ENV_VAR, capped_memory, load_limit
from analytics.ingest.messages import row_error
from analytics.ingest.reader import ERROR_CAP, install_macros, read_into_raw
from analytics.ingest.rejects import Rejected, check_leaving_out, write_rejects
from analytics.ingest.report import LoadReport
from analytics.ingest.textfile import PreparedFile, prepare_file, readable_name
from analytics.ingest.validate import require_columns, stage_and_check
from analytics.loadlog import after_data_change, next_load_id, record_load
from analytics.settings import Settings
from analytics.sql import load_sql
from analytics.store import Store


@dataclass(frozen=True)
class OpenedFile:
    """A file checked for encoding and header, ready for DuckDB."""

    prepared: PreparedFile
    header: Header
    mapping: HeaderMapping

    def notes(self) -> list[str]:
        out: list[str] = []
        p = self.prepared
        if p.encoding_reason == "given":
            out.append(f"read as {p.encoding} text, as given (converted to UTF-8)")
        elif not p.encoding.startswith("UTF-8"):
            how = (
                f"detected with {p.encoding_confidence} confidence: {p.encoding_reason}"
                if p.encoding_confidence != "certain"
                else p.encoding_reason
            )
            out.append(f"read as {p.encoding} text ({how}; converted to UTF-8)")
        if self.header.delimiter != ",":
            out.append(f"{self.header.delimiter_name}-separated")
        out.extend(self.mapping.notes)
        if self.mapping.unmapped:
            out.append("columns not used: " + name_list(self.mapping.unmapped))
        return out


@contextmanager
def open_file(
    table: str,
    path: Path,
    file_name: str,
    encoding: str | None = None,
    column_map: Mapping[str, str] | None = None,
) -> Iterator[OpenedFile]:
    """Prepare a file (in a temporary folder that is removed afterwards) and map its header.

    `encoding` forces how the bytes are read (default: detected); `column_map` ({file header:
    contract column}, `--map`) names the column a header feeds."""
    with tempfile.TemporaryDirectory(prefix="forecast-desk-") as tmp:
        expected = table_spec(table).expected_header()
        prepared = prepare_file(
            Path(path), file_name, Path(tmp), expected=expected, encoding=encoding
        )
        header = read_header(prepared)
        mapping = map_headers(table, header.names, column_map)
        if column_map:
            given = ", ".join(f"{s} → {c}" for s, c in column_map.items())
            mapping = dc_replace(
                mapping, notes=(f"columns mapped as given: {given}", *mapping.notes)
            )
        yield OpenedFile(prepared, header, mapping)


def with_stages(
    settings: Settings, stages: Mapping[str, float] | None
) -> tuple[Settings, list[str]]:
    """The settings with `--stage NAME=PROBABILITY` names added for one load, and the note that
    records them in the load log; UsageError for a probability outside 0–100."""
    if not stages:
        return settings, []
    for name, value in stages.items():
        if not 0 <= float(value) <= 100:
            raise UsageError(f"--stage {name}={value}: a probability is 0 to 100")
    added = {k.strip().lower(): float(v) for k, v in stages.items()}
    note = "stage names for this load: " + ", ".join(f"{k} = {v:g}" for k, v in stages.items())
    return dc_replace(settings, stages={**settings.stages, **added}), [note]


def duckdb_failure(file_name: str, exc: duckdb.Error) -> LoadError:
    """A DuckDB error while reading, as a message instead of a traceback."""
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, duckdb.OutOfMemoryException):
        message = (
            f"the load ran out of memory ({first_line}): allow it more with the environment "
            f"variable {ENV_VAR} (now {load_limit()}), e.g. {ENV_VAR}=4GB"
        )
        return LoadError(file_name, [RowError(None, None, None, message)])
    return LoadError(
        file_name,
        [RowError(None, None, None, f"the file could not be read as CSV: {first_line}")],
    )


def ingest_file(
    store: Store,
    table: str,
    path: Path,
    *,
    snapshot_date: date | None = None,
    replace: bool = False,
    file_name: str | None = None,
    encoding: str | None = None,
    column_map: Mapping[str, str] | None = None,
    stages: Mapping[str, float] | None = None,
    rejects: Path | None = None,
) -> LoadReport:
    """Load a whole CSV file into `table`, or raise LoadError and change nothing.

    A snapshot file without a snapshot_date column takes `snapshot_date`. A snapshot date that
    is already stored raises SnapshotExistsError unless `replace` is true. `file_name` is the
    name shown in messages and the load log (uploads arrive as temporary files).
    """
    spec = table_spec(table)
    name = readable_name(file_name or Path(path).name)
    try:
        with open_file(table, Path(path), name, encoding, column_map) as opened:
            require_columns(opened.mapping, spec, name, snapshot_date=snapshot_date)
            with store.transaction() as cur, capped_memory(store):
                return _load(
                    cur,
                    store,
                    spec,
                    opened,
                    snapshot_date=snapshot_date,
                    replace=replace,
                    stages=stages,
                    rejects=rejects,
                )
    except duckdb.Error as exc:
        raise duckdb_failure(name, exc) from exc


@dataclass(frozen=True)
class _Checked:
    """What the checks of a load found: the file's rows are staged in `ingest_stage`."""

    notes: list[str]
    rejected: Rejected
    stored_dates: list[tuple[date, int, list[int], int]]


def _check(
    cur: duckdb.DuckDBPyConnection,
    store: Store,
    spec: TableSpec,
    opened: OpenedFile,
    *,
    snapshot_date: date | None,
    replace: bool,
    stages: Mapping[str, float] | None = None,
    rejects: Path | None = None,
) -> _Checked:
    """Stage the file and run every check of a load; LoadError (SnapshotExistsError when the
    only problem is a stored snapshot date and `replace` is false) on any problem."""
    name = opened.prepared.display_name
    install_macros(cur)
    typed = typed_candidates(spec.name, opened.prepared, opened.header.delimiter, opened.mapping)
    read = read_into_raw(cur, opened.prepared, opened.header, opened.mapping, typed)
    settings, stage_note = with_stages(store.settings, stages)
    rejected = Rejected()
    if rejects is None:
        checked = stage_and_check(cur, spec, opened.mapping, settings, snapshot_date=snapshot_date)
    else:
        checked, rejected = check_leaving_out(
            cur, spec, opened.mapping, settings, snapshot_date=snapshot_date, file_name=name
        )
    errors = list(checked.errors)
    total = checked.total_errors
    stored_dates: list[tuple[date, int, list[int], int]] = []
    if spec.name == "snapshots":
        stored_dates = cur.execute(load_sql("ingest/replace/snapshots_stored")).fetchall()
        if stored_dates and not replace:
            column = opened.mapping.header_for("snapshot_date")
            for day, first_row, load_ids, _n in stored_dates:
                ids = ", ".join(str(i) for i in load_ids)
                errors.append(
                    row_error(int(first_row), column, day.isoformat(), "snapshot_exists", ids)
                )
            total += len(stored_dates)
    if total:
        errors.sort(key=lambda e: (e.row is None, e.row or 0))
        if total == len(stored_dates) and not replace:
            raise SnapshotExistsError(
                name,
                errors,
                total,
                existing_dates=tuple(d for d, *_ in stored_dates),
                existing_rows=sum(int(n) for *_, n in stored_dates),
            )
        raise LoadError(name, errors[:ERROR_CAP], total_errors=total)
    notes = opened.notes() + list(read.notes) + list(checked.notes) + stage_note
    return _Checked(notes, rejected, stored_dates)


class _RollBack(Exception):
    """Raised inside a check's transaction so that it rolls back; carries what was found."""

    def __init__(self, rows: int, notes: list[str]) -> None:
        super().__init__("check only")
        self.rows, self.notes = rows, notes


def check_file(
    store: Store,
    table: str,
    path: Path,
    *,
    snapshot_date: date | None = None,
    file_name: str | None = None,
    encoding: str | None = None,
    column_map: Mapping[str, str] | None = None,
    stages: Mapping[str, float] | None = None,
) -> tuple[int, list[str]]:
    """Every check of `ingest_file` on `path` without loading it: (rows it would load, notes),
    or the LoadError / SnapshotExistsError the load would raise. The store is unchanged (the
    checks run in a transaction that is rolled back)."""
    spec = table_spec(table)
    name = readable_name(file_name or Path(path).name)
    try:
        with open_file(table, Path(path), name, encoding, column_map) as opened:
            require_columns(opened.mapping, spec, name, snapshot_date=snapshot_date)
            try:
                with store.transaction() as cur, capped_memory(store):
                    found = _check(
                        cur,
                        store,
                        spec,
                        opened,
                        snapshot_date=snapshot_date,
                        replace=False,
                        stages=stages,
                    )
                    rows_row = cur.execute(load_sql("ingest/stage_count")).fetchone()
                    raise _RollBack(int(rows_row[0]) if rows_row else 0, found.notes)
            except _RollBack as done:
                return done.rows, done.notes
    except duckdb.Error as exc:
        raise duckdb_failure(name, exc) from exc


def _load(
    cur: duckdb.DuckDBPyConnection,
    store: Store,
    spec: TableSpec,
    opened: OpenedFile,
    *,
    snapshot_date: date | None,
    replace: bool,
    stages: Mapping[str, float] | None = None,
    rejects: Path | None = None,
) -> LoadReport:
    name = opened.prepared.display_name
    found = _check(
        cur,
        store,
        spec,
        opened,
        snapshot_date=snapshot_date,
        replace=replace,
        stages=stages,
        rejects=rejects,
    )
    notes, rejected, stored_dates = found.notes, found.rejected, found.stored_dates
    if rejects is not None:
        write_rejects(opened.prepared, opened.header, rejected, rejects)
        if rejected:
            notes.append(f"{rejected.summary()}; written to {rejects.name}")
    same = cur.execute(
        load_sql("ingest/same_content"),
        {"content_hash": opened.prepared.content_hash, "table_name": spec.name},
    ).fetchone()
    if same and same[0]:
        notes.append(
            "a file with the same content was loaded into "
            f"{spec.name} before (load {', '.join(str(i) for i in same[0])})"
        )
    load_id = next_load_id(cur)
    replaced = _replace_superseded(cur, spec.name, stored_dates, notes)
    cur.execute(load_sql(f"ingest/insert/{spec.name}"), {"load_id": load_id})
    if spec.name == "snapshots":
        derive_reps(cur, load_id, notes)
    rows_row = cur.execute(load_sql("ingest/stage_count")).fetchone()
    rows = int(rows_row[0]) if rows_row else 0
    dates: tuple[date, ...] = ()
    if spec.name == "snapshots":
        dates = tuple(r[0] for r in cur.execute(load_sql("ingest/snapshot_dates")).fetchall())
    record_load(
        cur,
        load_id=load_id,
        table_name=spec.name,
        file_name=name,
        content_hash=opened.prepared.content_hash,
        rows=rows,
        snapshot_date=dates[0] if len(dates) == 1 else None,
        notes="; ".join(notes) or None,
    )
    if replaced:
        cur.execute(
            load_sql("ingest/replace/adjust_log"),
            {"load_ids": sorted(replaced), "note": f"rows replaced by load {load_id}"},
        )
        cur.execute(load_sql("ingest/replace/drop_empty_loads"), {"load_ids": sorted(replaced)})
    after_data_change(cur)
    return LoadReport(
        load_id=load_id,
        table=spec.name,
        file_name=name,
        rows=rows,
        snapshot_dates=dates,
        notes=notes,
        rejected=len(rejected),
    )


def _replace_superseded(
    cur: duckdb.DuckDBPyConnection,
    table: str,
    stored_dates: list[tuple[date, int, list[int], int]],
    notes: list[str],
) -> set[int]:
    """Delete stored rows that this file supersedes; returns the load ids they came from."""
    replaced: set[int] = set()
    if table == "snapshots" and stored_dates:
        cur.execute(load_sql("ingest/replace/delete_snapshots"))
        for day, _first, load_ids, n in stored_dates:
            ids = ", ".join(str(i) for i in load_ids)
            notes.append(f"replaced snapshot {day.isoformat()} ({n} rows of load {ids})")
            replaced.update(int(i) for i in load_ids)
    elif table in ("calls", "forecasts"):
        row = cur.execute(load_sql(f"ingest/replace/{table}_stored")).fetchone()
        n, load_ids = (int(row[0]), list(row[1] or [])) if row else (0, [])
        if n:
            cur.execute(load_sql(f"ingest/replace/delete_{table}"))
            ids = ", ".join(str(i) for i in load_ids)
            what = (
                "call(s) for the same rep and week"
                if table == "calls"
                else "forecast row(s) of the same rep and review month (a new submission "
                "replaces the earlier one)"
            )
            notes.append(f"replaced {n} stored {what} (load {ids})")
            replaced.update(int(i) for i in load_ids)
    return replaced


def derive_reps(cur: duckdb.DuckDBPyConnection, load_id: int, notes: list[str]) -> None:
    """Add the reps a file names that the store does not know, with the region on their rows."""
    new = cur.execute(load_sql("ingest/insert/derived_reps_list")).fetchall()
    if not new:
        return
    cur.execute(load_sql("ingest/insert/derived_reps"), {"load_id": load_id})
    shown = ", ".join(f"{rep} ({region})" for rep, region in new[:10])
    more = f", … ({len(new) - 10} more)" if len(new) > 10 else ""
    notes.append(
        f"{len(new)} rep{'s' if len(new) != 1 else ''} not in the reps table added with the "
        f"region on their rows: {shown}{more}"
    )
