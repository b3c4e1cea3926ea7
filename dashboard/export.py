"""The Excel workbook of a page: a cover sheet and one sheet per table (no Streamlit here).

`build_workbook(cover, tables)` returns the bytes of an .xlsx file:

- the cover sheet ("cover" in the page's language) lists `cover.rows`, (label, value) pairs the
  caller writes: the page, the filters, the clock and the moment the file was made;
- every `ExportTable(title, frame, formats)` becomes a sheet named after its title (cut to
  Excel's 31 characters, made unique, without the characters Excel refuses), with the header
  row frozen and bold, an auto-filter, and column widths that fit the header and the values;
- numbers stay numbers: a column's kind in `formats` ("money", "pct", "int", "number", "date",
  "text") picks its Excel number format; `infer_formats(frame)` guesses kinds from dtypes and
  column names for callers that give none;
- text cells that a spreadsheet would run as formulas (`=…`, `+…`, `-…`, `@…`) are written as
  text, never as formulas.

A percent is stored as a fraction (0.953) with the format `0.0%`, as Excel does; money with the
currency label as a literal prefix (`"¥"#,##0`), so the cell holds the plain amount.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

Kind = Literal["money", "pct", "int", "number", "date", "datetime", "text"]
KINDS: tuple[str, ...] = ("money", "pct", "int", "number", "date", "datetime", "text")

SHEET_NAME_MAX = 31
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
MIN_WIDTH, MAX_WIDTH = 6, 60

# Column names that mark a column's kind (lower case; English names and the Chinese labels).
_PCT_WORDS = (
    "rate",
    "pct",
    "percent",
    "linearity",
    "cover",
    "accuracy",
    "attainment",
    "share",
    "probability",
    "growth",
    "ratio",
    "value",
    "checklist",
    "%",
    "率",
    "占比",
    "覆盖",
    "达成",
)
_MONEY_WORDS = (
    "amount",
    "commit",
    "upside",
    "pipeline",
    "booked",
    "booking",
    "target",
    "stretch",
    "forecast",
    "weighted",
    "gap",
    "acv",
    "arr",
    "revenue",
    "won",
    "lost",
    "actual",
    "unrealized",
    "realized",
    "quota",
    "金额",
    "业绩",
    "目标",
    "预测",
    "管道",
    "承诺",
)
# Count-like names that win over the money words ("deals committed", "commit count").
_COUNT_WORDS = (
    "count",
    "deals",
    "orders",
    "n_",
    "number",
    "days",
    "weeks",
    "rows",
    "missing",
    "id",
    "stage",
    "数",
    "天",
)


@dataclass(frozen=True)
class ExportTable:
    """One sheet: its title, its frame and the kind of each column (others are inferred)."""

    title: str
    frame: pd.DataFrame
    formats: Mapping[str, Kind] = field(default_factory=dict)


@dataclass(frozen=True)
class Cover:
    """The cover sheet: its sheet name, a heading and (label, value) rows."""

    sheet_name: str
    heading: str
    rows: Sequence[tuple[str, str]]


def number_format(kind: str, currency: str = "¥") -> str | None:
    """The Excel number format of a kind (None: Excel's General)."""
    if kind == "money":
        label = currency.replace('"', "")
        return f'"{label}"#,##0;-"{label}"#,##0'
    return {
        "pct": "0.0%",
        "int": "#,##0",
        "number": "#,##0.00",
        "date": "yyyy-mm-dd",
        "datetime": "yyyy-mm-dd hh:mm",
    }.get(kind)


def _has(name: str, words: Sequence[str]) -> bool:
    return any(w in name for w in words)


def infer_kind(name: str, series: pd.Series) -> Kind:
    """A column's kind from its dtype and name: dates, whole numbers, percents, money."""
    lowered = str(name).lower()
    if pd.api.types.is_datetime64_any_dtype(series):
        values = series.dropna()
        if len(values) and not bool((values == values.dt.normalize()).all()):
            return "datetime"
        return "date"
    if pd.api.types.is_bool_dtype(series):
        return "text"
    if pd.api.types.is_numeric_dtype(series):
        values = pd.to_numeric(series, errors="coerce").dropna()
        if _has(lowered, _PCT_WORDS) and not _has(lowered, _COUNT_WORDS):
            # A fraction (0.95) is a percent; numbers past 10 (95.0) are not fractions.
            if not len(values) or float(values.abs().max()) <= 10:
                return "pct"
        if _has(lowered, _MONEY_WORDS) and not _has(lowered, _COUNT_WORDS):
            return "money"
        if not _has(lowered, _COUNT_WORDS) and len(values) and float(values.abs().max()) >= 1000:
            return "money"  # a large sum in a sales table is an amount, unless named a count
        if pd.api.types.is_integer_dtype(series):
            return "int"
        if len(values) and bool((values == values.round()).all()):
            return "int"
        return "number"
    values = series.dropna()
    if len(values) and all(isinstance(v, date) for v in values):
        return "date"
    return "text"


def infer_formats(frame: pd.DataFrame) -> dict[str, Kind]:
    return {str(c): infer_kind(str(c), frame[c]) for c in frame.columns}


def sheet_names(titles: Sequence[str], reserved: Sequence[str] = ()) -> list[str]:
    """Valid, unique sheet names for `titles` (Excel: ≤ 31 characters, no []:*?/\\)."""
    taken = {r.lower() for r in reserved}
    out: list[str] = []
    for title in titles:
        base = " ".join(_BAD_SHEET_CHARS.sub(" ", title).split()).strip("'") or "Sheet"
        base = base[:SHEET_NAME_MAX]
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            suffix = f" ({n})"
            name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        taken.add(name.lower())
        out.append(name)
    return out


def _cell_value(value: Any) -> Any:
    """A value openpyxl writes as itself: numbers, dates, text; missing values stay empty."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return _cell_value(value.item())  # numpy scalars
        except (ValueError, AttributeError):
            pass
    if isinstance(value, (bool, int, float, datetime, date)):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _write_text(cell: Cell, value: Any) -> None:
    """A cell's value; text starting with `=` is stored as text, never run as a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def _display_width(value: Any, fmt: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, float | int) and not isinstance(value, bool):
        if fmt and "%" in fmt:
            text = f"{value * 100:,.1f}%"
        elif fmt and ".00" in fmt:
            text = f"{value:,.2f}"
        else:
            text = f"{value:,.0f}"
        return len(text) + (2 if fmt and '"' in fmt else 0)
    if isinstance(value, datetime):
        return 10 if fmt == "yyyy-mm-dd" else 16
    if isinstance(value, date):
        return 10
    text = str(value)
    # East Asian characters take two columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _write_table(ws: Worksheet, table: ExportTable, currency: str) -> None:
    frame = table.frame
    kinds = {**infer_formats(frame), **{str(k): v for k, v in table.formats.items()}}
    columns = [str(c) for c in frame.columns]
    bold = Font(bold=True)
    for j, name in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j)
        _write_text(cell, name)
        cell.font = bold
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [_display_width(name, None) for name in columns]
    formats = [number_format(kinds.get(name, "text"), currency) for name in columns]
    for i, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for j, raw in enumerate(row, start=1):
            value = _cell_value(raw)
            cell = ws.cell(row=i, column=j)
            _write_text(cell, value)
            fmt = formats[j - 1]
            if fmt and value is not None and not isinstance(value, str):
                cell.number_format = fmt
            widths[j - 1] = max(widths[j - 1], _display_width(value, fmt))
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
    ws.freeze_panes = "A2"
    if columns:
        last = get_column_letter(len(columns))
        ws.auto_filter.ref = f"A1:{last}{max(1, len(frame) + 1)}"


def _write_cover(ws: Worksheet, cover: Cover) -> None:
    ws["A1"] = cover.heading
    ws["A1"].font = Font(bold=True, size=14)
    bold = Font(bold=True)
    widths = [12, 12]
    for i, (label, value) in enumerate(cover.rows, start=3):
        _write_text(ws.cell(row=i, column=1), label)
        ws.cell(row=i, column=1).font = bold
        _write_text(ws.cell(row=i, column=2), value)
        ws.cell(row=i, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        widths[0] = max(widths[0], _display_width(label, None))
        widths[1] = max(widths[1], _display_width(value, None))
    ws.column_dimensions["A"].width = min(MAX_WIDTH, widths[0] + 2)
    ws.column_dimensions["B"].width = min(90, widths[1] + 2)


def build_workbook(cover: Cover, tables: Sequence[ExportTable], currency: str = "¥") -> bytes:
    """The .xlsx bytes: the cover sheet first, then one sheet per table in the given order."""
    wb = Workbook()
    cover_ws = wb.active
    assert cover_ws is not None
    cover_name = sheet_names([cover.sheet_name])[0]
    cover_ws.title = cover_name
    _write_cover(cover_ws, cover)
    names = sheet_names([t.title for t in tables], reserved=[cover_name])
    for name, table in zip(names, tables, strict=True):
        _write_table(wb.create_sheet(name), table, currency)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
