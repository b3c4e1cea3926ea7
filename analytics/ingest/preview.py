"""Previewing a file before loading it: encoding, delimiter, column mapping, first rows.

The preview reads the file the way a load would (so an unreadable file raises the same
LoadError) but does not check values and writes nothing: it works on a cursor of its own,
whose temporary tables vanish when it closes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from analytics.ingest.columns import LIST_LIMIT, table_spec
from analytics.ingest.load import duckdb_failure, open_file
from analytics.ingest.reader import install_macros, read_into_raw
from analytics.ingest.report import FilePreview
from analytics.ingest.textfile import readable_name
from analytics.ingest.validate import spec_notes
from analytics.sql import load_sql
from analytics.store import Store

PREVIEW_ROWS = 20


def preview_file(
    store: Store,
    table: str,
    path: Path,
    *,
    snapshot_date: date | None = None,
    file_name: str | None = None,
    encoding: str | None = None,
    column_map: Mapping[str, str] | None = None,
) -> FilePreview:
    """How `path` would load into `table`; LoadError when the file cannot be read at all."""
    spec = table_spec(table)
    name = readable_name(file_name or Path(path).name)
    try:
        with open_file(table, Path(path), name, encoding, column_map) as opened:
            mapping = opened.mapping
            missing = [
                " or ".join(spec.column(k).label for k in group)
                for group in mapping.missing(snapshot_date_given=snapshot_date is not None)
            ]
            notes = opened.notes()
            labels = [spec.column(k).label for k in mapping.positions if k is not None]
            frame = pd.DataFrame(columns=["row", *labels])
            total = 0
            if mapping.present:
                cur = store.cursor()
                try:
                    install_macros(cur)
                    read = read_into_raw(cur, opened.prepared, opened.header, mapping)
                    notes += list(read.notes)
                    total = read.rows
                    frame = _first_rows(cur, mapping.present, spec.name)
                finally:
                    cur.close()
            notes += spec_notes(spec, mapping, snapshot_date)
            return FilePreview(
                file_name=name,
                table=spec.name,
                encoding=opened.prepared.encoding,
                delimiter=opened.header.delimiter,
                mapping=mapping.mapping,
                unmapped=_capped(mapping.unmapped),
                missing=missing,
                notes=notes,
                total_rows=total,
                rows=frame,
                needs_snapshot_date=spec.name == "snapshots"
                and "snapshot_date" not in mapping.present,
                decoded_samples=decoded_samples(frame),
                encoding_confidence=opened.prepared.encoding_confidence,
            )
    except duckdb.Error as exc:
        raise duckdb_failure(name, exc) from exc


def decoded_samples(frame: pd.DataFrame, limit: int = 6) -> tuple[str, ...]:
    """Distinct text cells of the preview rows that hold non-ASCII characters, first `limit`."""
    seen: dict[str, None] = {}
    for column in frame.columns:
        for value in frame[column]:
            if isinstance(value, str) and any(ord(ch) > 0x7F for ch in value):
                seen.setdefault(value, None)
                if len(seen) >= limit:
                    return tuple(seen)
    return tuple(seen)


def _capped(names: list[str]) -> list[str]:
    """At most LIST_LIMIT names; the last entry says how many more there are."""
    if len(names) <= LIST_LIMIT:
        return names
    return [*names[:LIST_LIMIT], f"… ({len(names) - LIST_LIMIT} more)"]


def _first_rows(
    cur: duckdb.DuckDBPyConnection, present: frozenset[str], table: str
) -> pd.DataFrame:
    spec = table_spec(table)
    frame = cur.execute(
        load_sql("ingest/preview_rows"), {"keep": sorted(present), "limit": PREVIEW_ROWS}
    ).df()
    order = [k for k in spec.keys if k in present]
    frame = frame[["row_no", *order]]
    return frame.rename(columns={"row_no": "row", **{k: spec.column(k).label for k in order}})
