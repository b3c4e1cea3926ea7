"""The loading fast path: columns that are already clean are typed by DuckDB's CSV reader.

Parsing every cell as text in SQL (dates in several formats, amounts with currency signs) is
most of a load's cost. Most files are exports whose dates are ISO dates and whose amounts are
plain numbers; for those columns DuckDB's reader types the values itself while it reads, and
only the columns that fail are read as text and parsed by the loader's macros.

Which columns are read typed:

1. Candidates: the snapshot file's snapshot_date, close_date, created_date (DATE, read with the
   format %Y-%m-%d) and amount (DECIMAL(18, 2)) when the file has them.
2. A candidate is dropped when a value of the file's first megabyte is not in the plain form
   (`_CLEAN`): a file with US dates or currency-formatted amounts is read as text from the
   start, without a second read.
3. A file whose bytes hold a number DuckDB would accept but the text parser refuses ('1_000',
   `PreparedFile.typing_hazard`) is read as text whole.
4. After the typed read, a value DuckDB could not type (a US date in row 900,000) is a CAST
   entry of the reader's rejects, and a date column that holds an infinite date or 1970-01-01
   (what DuckDB makes of 'infinity' and 'epoch', which the text parser refuses) is suspect
   (sql/ingest/typed_suspect.sql): those columns are read again as text
   (analytics/ingest/reader.py), so the check and message of each value are the text path's.

Every value DuckDB types here is one the text parser reads as the same value (the cases were
compared one by one: tests/analytics/test_ingest_fastpath.py).
"""

from __future__ import annotations

import csv
import io
import re

from analytics.ingest.columns import HeaderMapping
from analytics.ingest.textfile import PreparedFile

# key -> the DuckDB type its reader gives the column (typed_name(key) in ingest_raw)
TYPED: dict[str, str] = {
    "snapshot_date": "DATE",
    "close_date": "DATE",
    "created_date": "DATE",
    "amount": "DECIMAL(18, 2)",
}
DATE_FORMAT = "%Y-%m-%d"

_CLEAN = {
    "DATE": re.compile(r"\d{4}-\d{1,2}-\d{1,2}"),
    "DECIMAL(18, 2)": re.compile(r"-?(\d+(\.\d*)?|\.\d+)"),
}


def typed_name(key: str) -> str:
    """The column of ingest_raw that holds `key` when the reader types it."""
    return f"{key}_typed"


def typed_candidates(
    table: str, prepared: PreparedFile, delimiter: str, mapping: HeaderMapping
) -> dict[str, str]:
    """{key: DuckDB type} of the columns to read typed (empty: read every cell as text)."""
    if table != "snapshots" or prepared.typing_hazard:
        return {}
    wanted = {k: t for k, t in TYPED.items() if k in mapping.present}
    if not wanted:
        return {}
    text = prepared.head
    if not prepared.head_is_whole:
        # whole lines only: the sample ends at the last line break of the first megabyte
        text = text[: max(text.rfind("\n"), 0)]
    # newline="": the csv module splits lines itself, CR, LF or CR LF alike
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    positions = {k: mapping.positions.index(k) for k in wanted}
    try:
        next(rows, None)
        for row in rows:
            for key, pos in list(positions.items()):
                value = row[pos].strip() if pos < len(row) else ""
                if value and not _CLEAN[wanted[key]].fullmatch(value):
                    del positions[key]
                    del wanted[key]
            if not wanted:
                break
    except csv.Error:  # a sample the csv module cannot split: every column as text
        return {}
    return wanted
