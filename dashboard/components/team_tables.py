"""How the Team page shows its tables: the reps with their group, and the numbers behind trends.

Columns are renamed to the page language; ratios show as percentages with one decimal and
amounts in whole currency units, written by dashboard.components.formats (Babel) like the tiles;
a missing value is a dash; the CSV download holds exactly what is shown.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.components.formats import Kind, formatted
from dashboard.components.tables import show_table
from dashboard.i18n import t

MATRIX_COLUMNS: tuple[str, ...] = (
    "label",
    "scope",
    "region",
    "group",
    "attainment",
    "discipline",
    "actual",
    "target",
    "hit_rate",
    "on_time_rate",
    "checklist_share",
)
COLUMN_KEYS: dict[str, str] = {
    "label": "tm_col_name",
    "scope": "tm_col_rep",
    "region": "tm_col_region",
    "group": "tm_col_group",
    "attainment": "tm_col_attainment",
    "discipline": "tm_col_discipline",
    "actual": "tm_col_actual",
    "target": "tm_col_target",
    "hit_rate": "tm_col_hit_rate",
    "on_time_rate": "tm_col_on_time_rate",
    "checklist_share": "tm_col_checklist_share",
}
RATIOS = {"attainment", "discipline", "hit_rate", "on_time_rate", "checklist_share"}
MONEY = {"actual", "target"}
GROUP_ORDER = {"A": 0, "B": 1, "C": 2, "D": 3}


def present(frame: pd.DataFrame, columns: Sequence[str], lang: str) -> pd.DataFrame:
    """The listed columns the frame has, with headers in `lang`."""
    keep = [c for c in columns if c in frame.columns]
    out = frame[keep].copy()
    out.columns = [t(COLUMN_KEYS.get(c, c), lang) for c in keep]
    return out


def kinds_of(columns: Sequence[str]) -> dict[str, Kind]:
    """Ratios as percentages, amounts as money."""
    kinds: dict[str, Kind] = {}
    for column in columns:
        if column in RATIOS:
            kinds[column] = "pct"
        elif column in MONEY:
            kinds[column] = "money"
    return kinds


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Reps by group (A first, unplaced last), then by name."""
    rank = frame["group"].map(lambda g: GROUP_ORDER.get(g, 4) if isinstance(g, str) else 4)
    return (
        frame.assign(_rank=rank)
        .sort_values(["_rank", "label"], kind="stable")
        .drop(columns="_rank")
        .reset_index(drop=True)
    )


def matrix_table(frame: pd.DataFrame, lang: str, currency: str) -> None:
    """The reps with group, attainment, discipline and the parts of discipline; downloadable."""
    shown = ordered(frame)
    shown["group"] = shown["group"].map(
        lambda g: g if isinstance(g, str) else t("tm_group_none", lang)
    )
    columns = [c for c in MATRIX_COLUMNS if c in shown.columns]
    show_table(
        present(formatted(shown, kinds_of(columns), lang, currency), columns, lang),
        key="tm_matrix_table",
        file_name="rep_matrix",
        lang=lang,
        numbers=present(shown, columns, lang),
    )


# the columns every trend shares, in the page language; a metric's own columns keep their names
TREND_KEYS: dict[str, str] = {
    "period": "tm_col_period",
    "scope": "tm_col_scope",
    "value": "tm_col_value",
    "snapshot_date": "tm_col_snapshot",
    "open_amount": "tm_col_open_amount",
    "commit_amount": "tm_col_commit_amount",
    "open_deals": "tm_col_open_deals",
    "weighted_amount": "tm_col_weighted",
    "actual": "tm_col_actual",
    "target": "tm_col_target",
}


TREND_MONEY = ("open_amount", "commit_amount", "weighted_amount", "actual", "target", "commit")
# what a trend's `value` is: a ratio, except velocity (an amount per day)
TREND_VALUE: dict[str, Kind] = {"velocity": "money"}


def trend_table(
    frame: pd.DataFrame, *, key: str, file_name: str, lang: str, currency: str, trend: str
) -> None:
    """A trend's frame as analytics returned it, numbers written like the tiles (formats), the
    shared columns named in `lang`."""
    shown = frame.copy()
    kinds: dict[str, Kind] = {c: "money" for c in TREND_MONEY if c in shown.columns}
    kinds["value"] = TREND_VALUE.get(trend, "pct")
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            kinds[str(column)] = "date"
        elif column not in kinds and pd.api.types.is_float_dtype(shown[column]):
            kinds[str(column)] = "number1"
    headers = [t(TREND_KEYS[c], lang) if c in TREND_KEYS else c for c in shown.columns]
    numbers = shown.set_axis(headers, axis=1)
    shown = formatted(shown, kinds, lang, currency).set_axis(headers, axis=1)
    show_table(shown, key=key, file_name=file_name, lang=lang, numbers=numbers)
