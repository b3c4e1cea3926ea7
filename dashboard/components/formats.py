"""Table cells written once, with Babel, at the precision a person reads.

Pipeline and Team tables show amounts in whole currency units (`¥457,500`, never `¥457,500.00`),
rates and ratios as percentages with one decimal (`44.1%`, never `44.11%` beside `45%`), counts
with thousands separators, dates as YYYY-MM-DD, and a missing value as a dash (never `None`).
The same `fmt_*` helpers of dashboard/i18n.py write the tiles, so a number reads the same in a
tile and in a table. The cells are text: the rows come sorted by what matters (amount, risk),
and the CSV download and the Excel call pack get the same table with numbers as numbers
(`show_table(..., numbers=...)`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Literal

import pandas as pd

from dashboard.i18n import fmt_money, fmt_number, fmt_pct

Kind = Literal["money", "pct", "count", "number1", "number3", "date"]
MISSING = "–"


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))  # type: ignore[call-overload]


def format_cell(value: object, kind: Kind, lang: str, currency: str) -> str:
    """One value in the table format of its kind; a missing value is a dash."""
    if _missing(value):
        return MISSING
    if kind == "date":
        if isinstance(value, datetime | pd.Timestamp):
            return value.strftime("%Y-%m-%d")
        return value.isoformat() if isinstance(value, date) else str(value)
    number = float(value)  # type: ignore[arg-type]
    if kind == "money":
        return fmt_money(number, lang, currency)
    if kind == "pct":
        return fmt_pct(number, lang, 1)
    if kind == "number1":
        return fmt_number(number, lang, 1)
    if kind == "number3":
        return fmt_number(number, lang, 3)
    return fmt_number(number, lang, 0)


def formatted(
    frame: pd.DataFrame, kinds: Mapping[str, Kind], lang: str, currency: str
) -> pd.DataFrame:
    """A copy with every column named in `kinds` written as text in its format."""
    out = frame.copy()
    for column, kind in kinds.items():
        if column in out.columns:
            out[column] = [format_cell(v, kind, lang, currency) for v in out[column]]
    return out


def with_rep_names(frame: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """A copy with `rep_name` (the rep's name, else its id) beside the `rep` id column."""
    if "rep" not in frame.columns:
        return frame
    out = frame.copy()
    out["rep_name"] = [
        names.get(str(rep)) or str(rep) if isinstance(rep, str) else MISSING for rep in out["rep"]
    ]
    return out
