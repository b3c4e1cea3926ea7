"""Display names of data words per language: column headers, category values, regions.

Tables, drill-downs, CSV downloads and charts show what the data holds: column names of the data
contract (`opportunity_name`, `forecast_category`) and stored words (`commit`, `upside`,
`won`, `rep`, `North`). In English they stay as they are (they are what the CSV files and the
loading docs use); in Chinese every one of them is shown by its display name:

- a column `c` by the catalog text `hdr_<c>` (page `"columns"` of dashboard/locales/*.json);
- a word value `v` by the text `val_<v>` (page `"values"`, lower case, spaces as `_`);
- a fiscal year or quarter (`FY2026`, `FY2026-Q1`) as 2026财年, 2026财年第1季度;
- a region by its `region_zh` from the reps file (analytics/regions.py), set once per run by
  the app shell with `set_region_names`; a region without one keeps its name.

Free text and names (deal, account and rep names, notes, files) are never translated: their
columns are listed in NAME_COLUMNS. `localize_frame` is applied by `tables.show_table` and
`tables.download_button` (so every table and its CSV follow the language), `localize_figure`
by `charts.base_layout` (trace names, category ticks, legend titles).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from dashboard.i18n import TEXTS

# Columns holding names or free text from the data: their cells are never mapped.
NAME_COLUMNS = frozenset(
    {
        "opportunity_name",
        "opportunity_id",
        "account",
        "name",
        "rep_name",
        "manager",
        "note",
        "notes",
        "submitted_by",
        "file_name",
        "order_id",
        "content_hash",
    }
)

_REGIONS_ZH: dict[str, str] = {}
_SLUG = re.compile(r"[\s\-/]+")
_FISCAL = re.compile(r"^FY(\d{4})(?:-Q([1-4]))?$")


def set_region_names(names_zh: Mapping[str, str]) -> None:
    """The Chinese names of the regions (region -> 华东 …), from the store's reps."""
    if dict(names_zh) != _REGIONS_ZH:
        _REGIONS_ZH.clear()
        _REGIONS_ZH.update(names_zh)


def region_names(lang: str) -> dict[str, str]:
    """Region -> display name in `lang` (only the regions that have one)."""
    return dict(_REGIONS_ZH) if lang == "zh" else {}


def _slug(value: str) -> str:
    return _SLUG.sub("_", value.strip().lower())


def column_label(column: object, lang: str) -> str:
    """The header of a data column in `lang` (the column's own name when none is known)."""
    name = str(column)
    if lang != "zh":
        return name
    return TEXTS["zh"].get(f"hdr_{_slug(name)}", name)


def value_label(value: object, lang: str) -> object:
    """A stored word (category, status, level, region) shown in `lang`; anything else unchanged."""
    if lang != "zh" or not isinstance(value, str) or not value:
        return value
    region = _REGIONS_ZH.get(value)
    if region is not None:
        return region
    fiscal = _FISCAL.match(value)
    if fiscal:  # FY2026 -> 2026财年, FY2026-Q1 -> 2026财年第1季度
        year, quarter = fiscal.group(1), fiscal.group(2)
        return f"{year}财年" + (f"第{quarter}季度" if quarter else "")
    return TEXTS["zh"].get(f"val_{_slug(value)}", value)


def _is_text(series: pd.Series) -> bool:
    return bool(
        pd.api.types.is_object_dtype(series)
        or pd.api.types.is_string_dtype(series)
        or isinstance(series.dtype, pd.CategoricalDtype)
    )


def localize_frame(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A copy with word cells and column headers in `lang` (the frame itself in English)."""
    if lang != "zh" or frame.empty and not len(frame.columns):
        return frame
    out = frame.copy()
    for column in out.columns:
        if str(column).lower() in NAME_COLUMNS or not _is_text(out[column]):
            continue
        series = out[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            series = series.astype(object)
        out[column] = series.map(lambda v: value_label(v, lang))
    out.columns = pd.Index([column_label(c, lang) for c in out.columns])
    return out


def localize_config(config: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Column settings keyed by the headers `localize_frame` gives."""
    return {column_label(k, lang): v for k, v in config.items()}


def localize_values(values: Iterable[object], lang: str) -> list[object]:
    return [value_label(v, lang) for v in values]


def localize_figure(fig: Any, lang: str) -> Any:
    """Trace names, category axis values and legend titles of a Plotly figure in `lang`."""
    if lang != "zh":
        return fig
    for trace in fig.data:
        name = getattr(trace, "name", None)
        if isinstance(name, str) and name:
            trace.name = value_label(name, lang)
        for axis in ("x", "y"):
            values = getattr(trace, axis, None)
            if values is None or not len(values):
                continue
            if all(isinstance(v, str) or v is None for v in values):
                mapped = localize_values(values, lang)
                if mapped != list(values):
                    setattr(trace, axis, mapped)
    legend_title = fig.layout.legend.title.text
    if isinstance(legend_title, str) and legend_title:
        fig.update_layout(legend_title_text=column_label(legend_title, lang))
    return fig
