"""Per-table parsing and checks, set-based in DuckDB, with every failure and its row number.

`stage_and_check` turns ingest_numbered into the typed table `ingest_stage`
(sql/ingest/stage/<table>.sql, or the table it is staged as), matches the file's reps to the store's (sql/ingest/rep_match.sql)
and collects every problem into `ingest_errors` (sql/ingest/errors/<table>.sql). Only the
first problems (ERROR_CAP) travel to Python, with the total count of the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from analytics.errors import LoadError, RowError
from analytics.ingest.columns import HeaderMapping, TableSpec, name_list
from analytics.ingest.messages import row_error
from analytics.ingest.reader import ERROR_CAP
from analytics.settings import LOST_STAGE_NAMES, Settings
from analytics.sql import load_sql


@dataclass(frozen=True)
class Checked:
    """The problems found (the first ERROR_CAP of them and how many in all) and notes."""

    errors: tuple[RowError, ...]
    total_errors: int
    notes: tuple[str, ...]


def _label(name: str) -> str:
    """Stage names as sql/ingest/macros/03_label.sql compares them."""
    return " ".join(name.split()).lower()


def _scalar(cur: duckdb.DuckDBPyConnection, name: str) -> int:
    row = cur.execute(load_sql(name)).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _snapshot_params(
    cur: duckdb.DuckDBPyConnection,
    mapping: HeaderMapping,
    settings: Settings,
    snapshot_date: date | None,
    notes: list[str],
) -> dict[str, object]:
    fraction = False
    if "probability" in mapping.present:
        row = cur.execute(load_sql("ingest/probability_scale")).fetchone()
        fraction = bool(row and row[0])
        if fraction:
            notes.append(
                f"probabilities in '{mapping.header_for('probability')}' are fractions 0–1: "
                "read as percentages (×100)"
            )
    names = [_label(k) for k in settings.stages]
    values = [float(v) for v in settings.stages.values()]
    return {
        "snapshot_date": snapshot_date,
        "probability_fraction": fraction,
        "stage_names": names,
        "stage_values": values,
        "lost_names": sorted(_label(n) for n in LOST_STAGE_NAMES),
    }


def spec_notes(spec: TableSpec, mapping: HeaderMapping, snapshot_date: date | None) -> list[str]:
    """What the loader assumes because a column is absent (known before reading any row)."""
    present = mapping.present
    notes: list[str] = []
    if spec.stage_name == "snapshots":
        if (
            spec.name == "snapshots"
            and "snapshot_date" not in present
            and snapshot_date is not None
        ):
            notes.append(
                f"snapshot_date {snapshot_date.isoformat()} given at upload (the file has no "
                "snapshot_date column)"
            )
        if "forecast_category" not in present:
            notes.append(
                "forecast_category derived from stage (100 won, ≥ 90 commit, 70–89 upside, "
                "otherwise pipeline; lost stage names lost)"
            )
    if spec.name == "targets" and "stretch_target" not in present:
        notes.append("stretch_target not given: set to target")
    if spec.name == "bookings" and "status" not in present:
        notes.append("status not given: every booking is realized")
    return notes


def stage_and_check(
    cur: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    mapping: HeaderMapping,
    settings: Settings,
    *,
    snapshot_date: date | None,
) -> Checked:
    """Parse and check the rows in ingest_numbered; never raises for bad data, reports it."""
    table = spec.name  # from the TABLES allow-list
    notes = spec_notes(spec, mapping, snapshot_date)
    stage_params: dict[str, object] = {}
    error_params: dict[str, object] = {}
    if spec.stage_name == "snapshots":
        stage_params = _snapshot_params(cur, mapping, settings, snapshot_date, notes)
        error_params = {"has_probability": "probability" in mapping.present}
    elif table == "calls":
        error_params = {"has_week_start": "week_start" in mapping.present}
    if table in ("calls", "forecasts"):
        error_params["has_rep"] = "rep" in mapping.present
    cur.execute(load_sql(f"ingest/stage/{spec.stage_name}"), stage_params)
    if table != "reps":
        cur.execute(load_sql("ingest/rep_match"))
    if table in ("calls", "forecasts"):
        cur.execute(load_sql("ingest/level_problems"))
    cur.execute(load_sql(f"ingest/errors/{table}"), error_params)
    total = _scalar(cur, "ingest/errors_count")
    first = cur.execute(load_sql("ingest/errors_first"), {"cap": ERROR_CAP}).fetchall()
    no_region_column = "region" not in mapping.present
    errors = tuple(
        row_error(
            int(row_no) if row_no is not None else None,
            mapping.header_for(col) if col else None,
            value,
            "no_region_column" if code == "no_region" and no_region_column else code,
            detail,
        )
        for row_no, col, value, code, detail in first
    )
    if table == "snapshots" and "forecast_category" in mapping.present and not total:
        derived = _scalar(cur, "ingest/derived_category_count")
        if derived:
            notes.append(
                f"forecast_category derived from stage on {derived} row"
                f"{'s' if derived != 1 else ''} where it was empty"
            )
    if table == "snapshots" and not total:
        late = cur.execute(load_sql("ingest/created_after_close")).fetchone()
        if late and late[0]:
            rows = ", ".join(str(r) for r in late[1])
            more = " …" if late[0] > len(late[1]) else ""
            notes.append(
                f"{late[0]} row{'s' if late[0] != 1 else ''} with a created date after the close "
                f"date (row{'s' if late[0] != 1 else ''} {rows}{more}): stored as they are, "
                "left out of the average sales cycle (M17)"
            )
    return Checked(errors=errors, total_errors=total, notes=tuple(notes))


def require_columns(
    mapping: HeaderMapping, spec: TableSpec, file_name: str, *, snapshot_date: date | None
) -> None:
    """LoadError naming each required column the header lacks, with the accepted headers."""
    missing = mapping.missing(snapshot_date_given=snapshot_date is not None)
    if not missing:
        return
    found = name_list([h for h in mapping.headers if h.strip()], quote="'") or "none"
    errors = []
    for group in missing:
        labels = " or ".join(f"'{spec.column(k).label}'" for k in group)
        accepted = "; ".join(
            f"{spec.column(k).label}: " + ", ".join(spec.column(k).accepted()) for k in group
        )
        extra = ""
        if group == ("snapshot_date",):
            extra = (
                " — or give the snapshot date at upload (--snapshot-date YYYY-MM-DD on the "
                "command line)"
            )
        errors.append(
            RowError(
                1,
                spec.column(group[0]).label,
                None,
                f"the header has no {labels} column{extra}. Accepted headers (any case): "
                f"{accepted}. The file's headers: {found}",
            )
        )
    raise LoadError(file_name, errors)
