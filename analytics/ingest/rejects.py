"""Opt-in rejects: load the good rows of a file and write the refused ones to a file of their own.

By default a file loads whole or not at all. With `ingest … --rejects FILE` (the Data page's
"load the good rows" box) the rows with a problem are left out, and every one of them is written
to FILE with the file's own columns plus `row` (as the user counts it, header = row 1) and
`reason` (every problem of that row). Leaving rows out can uncover new problems (a duplicate
whose twin was refused no longer is one), so the checks run again on what is left until it is
clean. A problem of the whole file (a missing column, a snapshot date already stored) still
refuses the file; a file whose every row is refused is refused.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from analytics.errors import LoadError, RowError
from analytics.ingest.columns import HeaderMapping, TableSpec
from analytics.ingest.layout import Header
from analytics.ingest.messages import row_error
from analytics.ingest.textfile import PreparedFile
from analytics.ingest.validate import Checked, stage_and_check
from analytics.settings import Settings
from analytics.sql import load_sql

# Rep problems are reported on a rep's first row; every row naming that rep is left out.
REP_CODES = frozenset({"unknown_rep", "no_region", "no_region_column", "ambiguous_rep"})
MAX_PASSES = 10


@dataclass
class Rejected:
    """The rows left out, each with its reasons."""

    reasons: dict[int, list[str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.reasons)

    def summary(self) -> str:
        """A load note: how many rows and the commonest reasons."""
        counts: dict[str, int] = {}
        for texts in self.reasons.values():
            for text in texts:
                key = text.split(": ", 1)[-1]
                counts[key] = counts.get(key, 0) + 1
        top = sorted(counts.items(), key=lambda kv: -kv[1])[:3]
        why = "; ".join(f"{n} × {text}" for text, n in top)
        n = len(self.reasons)
        return f"{n} row{'s' if n != 1 else ''} left out (--rejects): {why}"


def check_leaving_out(
    cur: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    mapping: HeaderMapping,
    settings: Settings,
    *,
    snapshot_date: date | None,
    file_name: str,
) -> tuple[Checked, Rejected]:
    """Stage and check, leaving out every row with a problem until the rest is clean.

    Returns the clean check and the rows left out. A problem without a row (of the whole file)
    is returned in the check for the caller to refuse; every row refused → LoadError.
    """
    cur.execute(load_sql("ingest/rejects/keep"))
    cur.execute(load_sql("ingest/rejects/view"))
    rejected = Rejected()
    checked = stage_and_check(cur, spec, mapping, settings, snapshot_date=snapshot_date)
    for _ in range(MAX_PASSES):
        if not checked.total_errors:
            return checked, rejected
        problems = cur.execute(load_sql("ingest/rejects/errors")).fetchall()
        if any(row_no is None for row_no, *_ in problems):
            return checked, rejected
        rows: set[int] = set()
        reps: set[str] = set()
        for row_no, col, value, code, detail in problems:
            error = row_error(
                int(row_no), mapping.header_for(col) if col else None, value, code, detail
            )
            rejected.reasons.setdefault(int(row_no), []).append(_reason(error))
            rows.add(int(row_no))
            if code in REP_CODES and value is not None:
                reps.add(str(value))
        if reps:
            for (row_no,) in cur.execute(
                load_sql("ingest/rejects/rows_of_reps"), {"reps": sorted(reps)}
            ).fetchall():
                if int(row_no) not in rows:
                    rows.add(int(row_no))
                    rejected.reasons.setdefault(int(row_no), []).append(
                        "rep: left out with the other rows of a refused rep"
                    )
        cur.execute(load_sql("ingest/rejects/drop"), {"rows": sorted(rows)})
        left = cur.execute(load_sql("ingest/rejects/count")).fetchone()
        if not left or not left[0]:
            raise LoadError(
                file_name,
                [RowError(None, None, None, "every row has a problem: nothing to load")],
            )
        checked = stage_and_check(cur, spec, mapping, settings, snapshot_date=snapshot_date)
    return checked, rejected


def _reason(error: RowError) -> str:
    where = f"{error.column}: " if error.column else ""
    value = f"'{error.value}' " if error.value is not None else ""
    return f"{where}{value}{error.message}"


def write_rejects(prepared: PreparedFile, header: Header, rejected: Rejected, target: Path) -> None:
    """Write the rows left out with the file's own columns plus `row` and `reason`."""
    with (
        prepared.path.open(encoding="utf-8-sig", newline="") as src,
        target.open("w", encoding="utf-8-sig", newline="") as out,
    ):
        reader = csv.reader(src, delimiter=header.delimiter)
        writer = csv.writer(out)
        for number, record in enumerate(reader, start=1):
            if number == 1:
                writer.writerow([*record, "row", "reason"])
            elif number in rejected.reasons:
                writer.writerow([*record, number, " | ".join(rejected.reasons[number])])
