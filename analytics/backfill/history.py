"""Field history for `forecast-desk backfill --history`: each deal's changes, in one shape.

Three exports are recognised by their headers (docs/loading.md, "Exact history"):

- Salesforce `OpportunityHistory` (OpportunityId, StageName, Amount, CloseDate, Probability,
  ForecastCategory, CreatedDate): one row per change, holding the deal's whole state after it;
- Salesforce `OpportunityFieldHistory` (OpportunityId, Field, OldValue, NewValue, CreatedDate):
  one row per changed field (StageName, Amount, CloseDate, Probability, ForecastCategoryName);
- a HubSpot deal property history (deal id, property, value, timestamp): one row per value a
  property took (dealstage, amount, closedate, hs_forecast_category…).

Each is reshaped (sql/backfill/reshape_*.sql) into rows of `backfill_changes`
(sql/backfill/changes.sql): a deal, a field (stage,
probability, amount, close_date, category), the moment it changed and the value it took. The
value a field had before its first change is kept as a change at the beginning of time (the
first OldValue, or the first state of OpportunityHistory), so that a snapshot before the first
change shows it. The file is read with the loader's encoding and delimiter detection and its
value parsing (the ingest macros); a value that cannot be read refuses the whole backfill.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analytics.errors import LoadError, RowError
from analytics.ingest.columns import normalize_header, short_name
from analytics.ingest.layout import read_header
from analytics.ingest.reader import ERROR_CAP
from analytics.ingest.textfile import prepare_file, readable_name
from analytics.sql import load_sql

# Every column a history file can feed (sql/backfill/history_raw.sql has one column each).
ROLES = (
    "opportunity_id",
    "stage",
    "amount",
    "close_date",
    "probability",
    "category",
    "changed_at",
    "field",
    "old_value",
    "new_value",
    "property",
    "value",
)


@dataclass(frozen=True)
class HistoryFormat:
    """One kind of history export: its headers per role; `required` roles must be present."""

    name: str
    label: str
    aliases: Mapping[str, tuple[str, ...]]
    required: tuple[str, ...]


SALESFORCE_HISTORY = HistoryFormat(
    name="salesforce_history",
    label="Salesforce OpportunityHistory",
    aliases={
        "opportunity_id": ("opportunityid", "opportunity id"),
        "stage": ("stagename", "stage name", "stage", "to stage"),
        "amount": ("amount",),
        "close_date": ("closedate", "close date"),
        "probability": ("probability", "probability (%)"),
        "category": ("forecastcategory", "forecast category", "forecastcategoryname"),
        "changed_at": ("createddate", "created date"),
    },
    required=("opportunity_id", "stage", "changed_at"),
)
SALESFORCE_FIELDS = HistoryFormat(
    name="salesforce_fields",
    label="Salesforce OpportunityFieldHistory",
    aliases={
        "opportunity_id": ("opportunityid", "opportunity id"),
        "field": ("field", "field / event"),
        "old_value": ("oldvalue", "old value"),
        "new_value": ("newvalue", "new value"),
        "changed_at": ("createddate", "created date", "edit date"),
    },
    required=("opportunity_id", "field", "new_value", "changed_at"),
)
HUBSPOT_HISTORY = HistoryFormat(
    name="hubspot_history",
    label="HubSpot deal property history",
    aliases={
        "opportunity_id": ("deal id", "dealid", "record id", "hs_object_id", "object id"),
        "property": ("property", "property name", "propertyname", "internal name"),
        "value": ("value", "property value", "new value"),
        "changed_at": ("timestamp", "updated at", "changed at", "change date"),
    },
    required=("opportunity_id", "property", "value", "changed_at"),
)
FORMATS = (SALESFORCE_FIELDS, SALESFORCE_HISTORY, HUBSPOT_HISTORY)


@dataclass(frozen=True)
class HistoryRead:
    """What a history file gave: its kind, how many changes, and notes for the load log."""

    kind: str
    file_name: str
    content_hash: str
    changes: int
    notes: tuple[str, ...]


def detect_format(file_name: str, headers: tuple[str, ...]) -> tuple[HistoryFormat, list[str]]:
    """The export kind whose required headers the file has, and the role of each column."""
    names = [normalize_header(h) for h in headers]
    for fmt in FORMATS:
        roles: list[str] = []
        for name in names:
            role = next(
                (r for r, aliases in fmt.aliases.items() if name in aliases and r not in roles),
                None,
            )
            roles.append(role or "")
        if all(r in roles for r in fmt.required):
            return fmt, roles
    shapes = "; ".join(
        f"{f.label}: " + ", ".join(f.aliases[r][0] for r in f.required) for f in FORMATS
    )
    found = ", ".join(short_name(h) for h in headers[:20]) or "none"
    raise LoadError(
        file_name,
        [
            RowError(
                1,
                None,
                None,
                f"is not a history export Forecast Desk knows. Its header needs ({shapes}). "
                f"The file's headers: {found}",
            )
        ],
    )


def read_history(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    stage_names: list[str],
    stage_values: list[float],
    lost_names: list[str],
    file_name: str | None = None,
    encoding: str | None = None,
) -> HistoryRead:
    """Fill backfill_changes from a history file (on the load's cursor); LoadError naming the
    file, row, column and value of every value that cannot be read."""
    name = readable_name(file_name or Path(path).name)
    with tempfile.TemporaryDirectory(prefix="forecast-desk-") as tmp:
        prepared = prepare_file(
            Path(path), name, Path(tmp), expected="a history export", encoding=encoding
        )
        header = read_header(prepared)
        fmt, roles = detect_format(name, header.names)
        columns = {(r or f"unused_{i + 1}"): "VARCHAR" for i, r in enumerate(roles)}
        cur.execute(load_sql("backfill/history_raw"))
        cur.execute(
            load_sql("backfill/history_read"),
            {
                "path": str(prepared.path),
                "columns": columns,
                "keep": [r for r in roles if r],
                "delim": header.delimiter,
                "new_line": prepared.newline_option,
            },
        )
    cur.execute(load_sql(f"backfill/reshape_{fmt.name}"))
    cur.execute(
        load_sql("backfill/changes"),
        {
            "stage_names": stage_names,
            "stage_values": stage_values,
            "lost_names": lost_names,
            "initial_from_old": fmt is SALESFORCE_FIELDS,
        },
    )
    _raise_unreadable(cur, name, header.names, roles)
    notes = [f"history: {fmt.label} ({name})"]
    ignored = cur.execute(load_sql("backfill/changes_ignored")).fetchall()
    if ignored:
        shown = ", ".join(f"{field} ({n})" for field, n in ignored[:10])
        notes.append(f"history rows of other fields ignored: {shown}")
    row = cur.execute(load_sql("backfill/changes_count")).fetchone()
    return HistoryRead(
        kind=fmt.label,
        file_name=name,
        content_hash=prepared.content_hash,
        changes=int(row[0]) if row else 0,
        notes=tuple(notes),
    )


_PROBLEMS = {
    "missing": "is empty: every history row needs the deal's id",
    "bad_timestamp": "is not a date and time: write YYYY-MM-DD HH:MM:SS (2026-01-04 18:30:00)",
    "bad_stage": (
        "is not a known stage: give it for this backfill with --stage '{value}=PROBABILITY', or "
        "add it to [stages] in the settings"
    ),
    "bad_amount": "is not an amount: write a number such as 1234.50",
    "bad_date": "is not a date: write YYYY-MM-DD (2026-01-05)",
    "bad_probability": "is not a probability: write a number from 0 to 100",
    "bad_category": (
        "is not a forecast category: use Commit, Best Case, Pipeline, Omitted or Closed"
    ),
}


def _raise_unreadable(
    cur: duckdb.DuckDBPyConnection, name: str, headers: tuple[str, ...], roles: list[str]
) -> None:
    rows = cur.execute(load_sql("backfill/changes_errors"), {"cap": ERROR_CAP}).fetchall()
    if not rows:
        return
    header_of = {r: short_name(h) for h, r in zip(headers, roles, strict=True) if r}
    errors = [
        RowError(
            int(row_no),
            header_of.get(str(role), str(role)),
            value,
            _PROBLEMS.get(str(code), str(code)).format(value=value or ""),
        )
        for row_no, role, value, code, _total in rows
    ]
    raise LoadError(name, errors, total_errors=int(rows[0][4]))
