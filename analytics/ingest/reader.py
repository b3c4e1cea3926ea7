"""Reading a prepared file with DuckDB's CSV reader into the loader's temporary tables.

Every cell is read as text into `ingest_raw` (one column per contract column; the dialect is
given, not sniffed). Records that do not parse — a wrong number of fields, an unterminated
quote — are collected by DuckDB with their line numbers and reported all together. The view
`ingest_numbered` adds each record's row number as the user counts it (header = row 1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from analytics.errors import LoadError, RowError
from analytics.ingest.columns import HeaderMapping, short_name
from analytics.ingest.fastpath import DATE_FORMAT, typed_name
from analytics.ingest.layout import Footer, Header, find_footer, split_fields
from analytics.ingest.textfile import PreparedFile
from analytics.sql import load_sql, sql_names

ERROR_CAP = 50
# The columns of sql/ingest/typed_suspect.sql's answer, in its order.
SUSPECT_ORDER = ("snapshot_date", "close_date", "created_date")

_REJECT_MESSAGES = {
    "MISSING COLUMNS": (
        "has fewer fields than the header ({found}): a value or a delimiter is missing; every "
        "row needs {expected} fields"
    ),
    "TOO MANY COLUMNS": (
        "has more fields than the header ({found}): quote values that contain the delimiter "
        '(e.g. "1,000") or remove the extra delimiter; every row needs {expected} fields'
    ),
    "UNQUOTED VALUE": (
        "has a quote that is never closed or a stray quote inside a value: close the quote, "
        'and write a quote inside a quoted value as two quotes ("")'
    ),
    "LINE SIZE OVER MAXIMUM": (
        "is longer than 4 MB: probably a quote that is never closed; close the quote"
    ),
    "INVALID UNICODE": "holds bytes that are not text: save the file as 'CSV UTF-8'",
}


@dataclass(frozen=True)
class ReadResult:
    """What reading found: the number of data records and notes about the file's layout."""

    rows: int
    notes: tuple[str, ...]
    footer: Footer | None
    typed: tuple[str, ...] = ()  # the columns DuckDB's reader typed (fast path)


def install_macros(cur: duckdb.DuckDBPyConnection) -> None:
    """Create the parsing macros (sql/ingest/macros/*) on this cursor's connection."""
    for name in sql_names():
        if name.startswith("ingest/macros/"):
            cur.execute(load_sql(name))


def _column_names(mapping: HeaderMapping) -> list[str]:
    return [
        key if key is not None else f"unmapped_{i + 1}" for i, key in enumerate(mapping.positions)
    ]


def read_into_raw(
    cur: duckdb.DuckDBPyConnection,
    prepared: PreparedFile,
    header: Header,
    mapping: HeaderMapping,
    typed: Mapping[str, str] | None = None,
) -> ReadResult:
    """Fill ingest_raw and ingest_numbered; LoadError for unparsable records or no data rows.

    `typed` ({key: DuckDB type}, analytics/ingest/fastpath.py) names the columns DuckDB's reader
    types itself into their `*_typed` column; a column with a value it cannot type is read
    again as text."""
    name = prepared.display_name
    footer = find_footer(prepared, header.delimiter)
    data_end = footer.first_line if footer else prepared.total_lines + 1
    typed = dict(typed or {})
    while True:
        names = [typed_name(n) if n in typed else n for n in _column_names(mapping)]
        _read(cur, prepared, header, names, {typed_name(k): t for k, t in typed.items()})
        if not typed:
            break
        cast_rows = cur.execute(load_sql("ingest/cast_rejects"), {"data_end": data_end}).fetchall()
        failed = {str(column).removesuffix("_typed") for (column,) in cast_rows}
        suspect = cur.execute(load_sql("ingest/typed_suspect")).fetchone() or ()
        failed |= {k for k, bad in zip(SUSPECT_ORDER, suspect, strict=True) if bad}
        failed &= set(typed)
        if not failed:
            break
        for key in failed:
            del typed[key]
        cur.execute(load_sql("ingest/clear_rejects"))
    _raise_rejects(cur, prepared, mapping, names, data_end, header.delimiter)
    blanks = [b for b in prepared.blank_lines if b < data_end]
    notes: list[str] = []
    if footer is not None:
        first_rowid = footer.first_line - 2 - len(blanks)
        cur.execute(load_sql("ingest/drop_footer_rows"), {"first_rowid": first_rowid})
        notes.append(
            f"{footer.text_lines} footer line{'s' if footer.text_lines != 1 else ''} of a "
            "Salesforce report skipped (from row "
            f"{footer.first_line})"
        )
    if blanks:
        cur.execute(load_sql("ingest/blanks"), {"blank_lines": blanks})
        cur.execute(load_sql("ingest/numbered_blanks"))
    else:
        cur.execute(load_sql("ingest/numbered"))
    row = cur.execute(load_sql("ingest/row_count")).fetchone()
    rows = int(row[0]) if row else 0
    data_lines = data_end - 2 - len(blanks)
    if rows == 0 and data_lines > 0:
        raise LoadError(
            name,
            [
                RowError(
                    2,
                    None,
                    None,
                    f"no record could be read from the {data_lines} line(s) after the header: "
                    "check that the file is comma- or semicolon-separated CSV",
                )
            ],
        )
    if rows == 0:
        raise LoadError(
            name,
            [
                RowError(
                    2,
                    None,
                    None,
                    "there are no data rows after the header: add one row per record below "
                    f"the header row ({mapping.expected})",
                )
            ],
        )
    if blanks:
        notes.append(
            f"{len(blanks)} empty line{'s' if len(blanks) != 1 else ''} skipped "
            f"(row{'s' if len(blanks) != 1 else ''} {_list_rows(blanks)})"
        )
    return ReadResult(rows=rows, notes=tuple(notes), footer=footer, typed=tuple(sorted(typed)))


def _read(
    cur: duckdb.DuckDBPyConnection,
    prepared: PreparedFile,
    header: Header,
    names: list[str],
    types: Mapping[str, str],
) -> None:
    """One read of the file into a new ingest_raw: every column as text but those in `types`."""
    cur.execute(load_sql("ingest/raw_table"))
    keep = sorted(n for n in names if not n.startswith("unmapped_"))
    try:
        cur.execute(
            load_sql("ingest/read_csv"),
            {
                "path": str(prepared.path),
                "columns": {n: types.get(n, "VARCHAR") for n in names},
                "keep": keep,
                "delim": header.delimiter,
                "new_line": prepared.newline_option,
                "dateformat": DATE_FORMAT,
            },
        )
    except duckdb.InvalidInputException as exc:
        if "invalid state" not in str(exc):
            raise
        raise _parser_stopped(prepared) from exc


_BREAK_NAMES = {"\n": "LF", "\r": "CR", "\r\n": "CR LF"}


def _parser_stopped(prepared: PreparedFile) -> LoadError:
    """DuckDB's parser gives up on a line break it was not told about: mixed line endings
    (LF, CR, CR LF) or a bare line break inside an unquoted value."""
    own = _BREAK_NAMES.get(prepared.newline, "LF")
    fix = (
        "the file mixes line endings, or a value holds a line break without quotes: save the "
        "file again as CSV, or put quotes around values that contain line breaks"
    )
    if prepared.other_break_line is None:
        return LoadError(prepared.display_name, [RowError(None, None, None, fix)])
    message = f"holds another line break than row 1 ({own}): {fix}"
    return LoadError(
        prepared.display_name, [RowError(prepared.other_break_line, None, None, message)]
    )


def _list_rows(rows: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f", … ({len(rows) - limit} more)" if len(rows) > limit else "")


def _raise_rejects(
    cur: duckdb.DuckDBPyConnection,
    prepared: PreparedFile,
    mapping: HeaderMapping,
    names: list[str],
    data_end: int,
    delimiter: str,
) -> None:
    rejects = cur.execute(
        load_sql("ingest/rejects"), {"data_end": data_end, "cap": ERROR_CAP}
    ).fetchall()
    if not rejects:
        return
    headers = {
        n: (short_name(mapping.headers[i]) or f"column {i + 1}") for i, n in enumerate(names)
    }
    expected = len(names)
    errors = []
    for line, column_idx, column_name, error_type, csv_line, _total in rejects:
        column: str | None = None
        if column_name in headers:
            column = headers[column_name]
        elif column_idx is not None:
            column = f"field {int(column_idx)}, after the last header"
        found = _field_count(csv_line or "", delimiter)
        template = _REJECT_MESSAGES.get(
            str(error_type), "cannot be read as CSV ({error}): check quotes and delimiters"
        )
        message = template.format(found=found, expected=expected, error=error_type)
        errors.append(RowError(int(line), column, (csv_line or "").rstrip("\r\n"), message))
    total = int(rejects[0][5])
    raise LoadError(prepared.display_name, errors, total_errors=total)


def _field_count(line: str, delimiter: str) -> str:
    """'2 fields' for a ragged record (counted the simple way, for the message only)."""
    n = len(split_fields(line.rstrip("\r\n"), delimiter))
    return f"{n} field{'s' if n != 1 else ''}"
