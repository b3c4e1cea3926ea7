"""The commit call's table as people read it: translated headers, numbers formatted, cells coloured.

analytics.metrics.weekly.weekly_table gives one row per rep, region total and company total with
the numbers; this module only turns them into text (ctx formats), picks each cell's band colour
from the settings' thresholds (dashboard/components/bands.py) and marks the total rows. The
download keeps the analytics frame itself, so a spreadsheet gets numbers, not text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.components import printing
from dashboard.components.bands import Band, band_for, commit_accuracy_band
from dashboard.components.tables import download_button
from dashboard.context import PageContext

CELL_COLORS: dict[str, str] = {
    "good": "background-color: rgba(46, 160, 67, 0.20)",
    "warn": "background-color: rgba(219, 137, 0, 0.22)",
    "bad": "background-color: rgba(218, 54, 51, 0.20)",
    "none": "",
}
TOTAL_STYLE = "font-weight: bold; background-color: rgba(31, 79, 180, 0.07)"
DASH = "—"
CALL_LEVELS = {"on_time": "good", "late": "warn", "missing": "bad"}

# (column id, header text key); the ids are the keys of the display row dictionaries.
# The region shows through the grouping (each region's reps, then its bold total row) and is a
# column of the download; leaving it out keeps every column in view at 1280 pixels.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("rep", "wk_col_rep"),
    ("lw_amounts", "wk_col_lw_amounts"),
    ("lw_accuracy", "wk_col_lw_accuracy"),
    ("commit", "wk_col_commit"),
    ("upside", "wk_col_upside"),
    ("linearity", "wk_col_linearity"),
    ("month_cover", "wk_col_month_cover"),
    ("quarter_cover", "wk_col_quarter_cover"),
    ("call", "wk_col_call"),
)
# The header's tooltip: what the column holds (metric and formula), in the page's language.
HELP: dict[str, str] = {
    "lw_amounts": "wk_help_col_lw_amounts",
    "lw_accuracy": "wk_help_accuracy",
    "commit": "wk_help_col_commit",
    "linearity": "wk_help_linearity",
    "month_cover": "wk_help_month_cover",
    "quarter_cover": "wk_help_quarter_cover",
    "call": "wk_help_on_time",
}


def column_config(ctx: PageContext) -> dict[str, Any]:
    """Header tooltips for the translated column names."""
    return {
        ctx.t(key): st.column_config.Column(help=ctx.t(HELP[column]))
        for column, key in COLUMNS
        if column in HELP
    }


@dataclass(frozen=True)
class StyledTable:
    """Text cells, their CSS (same shape) and the analytics frame behind them (for download)."""

    display: pd.DataFrame
    css: pd.DataFrame
    raw: pd.DataFrame


def _num(row: pd.Series, column: str) -> float | None:
    value = row.get(column)
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _text(row: pd.Series, column: str) -> str | None:
    value = row.get(column)
    return value if isinstance(value, str) and value else None


def row_label(ctx: PageContext, row: pd.Series) -> str:
    """The name a manager reads: the rep's name, '<region> total' or 'Company total' (with a
    region or rep filter the company row adds the selection only, and says so)."""
    level = row.get("level")
    if level == "company":
        filtered = bool(ctx.filters.regions or ctx.filters.reps)
        return ctx.t("wk_total_selection" if filtered else "wk_total_company")
    if level == "region":
        return ctx.t("wk_total_region", region=str(row.get("scope")))
    return _text(row, "rep_name") or str(row.get("scope"))


def _last_week(ctx: PageContext, row: pd.Series) -> tuple[dict[str, str], dict[str, str]]:
    status = _text(row, "last_week_status")
    if status is None:  # no call last week: left out of M1, not a zero
        return {"lw_amounts": DASH, "lw_accuracy": ctx.t("wk_no_call")}, {}
    actual, commit = _num(row, "last_week_actual"), _num(row, "last_week_commit")
    accuracy = _num(row, "last_week_accuracy")
    band = commit_accuracy_band(accuracy, ctx.settings.thresholds, actual=actual, commit=commit)
    name = ctx.t("wk_not_applicable") if status == "not_applicable" else ctx.t(band.name_key)
    shown = ctx.pct(accuracy) if accuracy is not None else DASH
    cells = {
        "lw_amounts": ctx.t("wk_amounts", actual=ctx.money(actual), commit=ctx.money(commit)),
        "lw_accuracy": ctx.t("wk_accuracy_band", value=shown, band=name),
    }
    return cells, {"lw_accuracy": CELL_COLORS[band.level]}


def _call(ctx: PageContext, row: pd.Series) -> tuple[str, Band | None]:
    if row.get("level") == "rep":
        status = _text(row, "call_status")
        if status is None:
            return DASH, None
        return ctx.t(f"wk_call_{status}"), Band(CALL_LEVELS.get(status, "none"), "")  # type: ignore[arg-type]
    rate = _num(row, "on_time_rate")
    text = ctx.t(
        "wk_call_rate",
        pct=ctx.pct(rate, 0),
        on_time=ctx.number(_num(row, "on_time")),
        expected=ctx.number(_num(row, "expected")),
    )
    return text, band_for("M14", rate, ctx.settings.thresholds)


def display_row(ctx: PageContext, row: pd.Series) -> tuple[dict[str, str], dict[str, str]]:
    """One table row as text, and the CSS of its coloured cells."""
    th = ctx.settings.thresholds
    missing_call = row.get("level") == "rep" and row.get("call_status") == "missing"
    cells: dict[str, str] = {"rep": row_label(ctx, row)}
    css: dict[str, str] = {}
    last_cells, last_css = _last_week(ctx, row)
    cells.update(last_cells)
    css.update(last_css)
    linearity = _num(row, "commit_linearity")
    month_cover, quarter_cover = _num(row, "month_cover"), _num(row, "quarter_cover")
    cells["commit"] = DASH if missing_call else ctx.money(_num(row, "commit"))
    cells["upside"] = DASH if missing_call else ctx.money(_num(row, "upside"))
    cells["linearity"] = ctx.pct(linearity)
    cells["month_cover"] = ctx.pct(month_cover)
    cells["quarter_cover"] = ctx.pct(quarter_cover)
    css["linearity"] = CELL_COLORS[band_for("M2", linearity, th).level]
    css["month_cover"] = CELL_COLORS[band_for("M3", month_cover, th).level]
    css["quarter_cover"] = CELL_COLORS[band_for("M3", quarter_cover, th).level]
    call_text, call_band = _call(ctx, row)
    cells["call"] = call_text
    if call_band is not None:
        css["call"] = CELL_COLORS[call_band.level]
    if row.get("level") != "rep":
        for column, _ in COLUMNS:
            css[column] = "; ".join(s for s in (TOTAL_STYLE, css.get(column, "")) if s)
    return cells, css


def styled_table(ctx: PageContext, table: pd.DataFrame) -> StyledTable:
    """The display frame (translated headers), its CSS frame and the raw frame."""
    headers = [ctx.t(key) for _, key in COLUMNS]
    rows: list[list[str]] = []
    styles: list[list[str]] = []
    for _, row in table.iterrows():  # one row per rep: a few dozen at most
        cells, css = display_row(ctx, row)
        rows.append([cells.get(c, "") for c, _ in COLUMNS])
        styles.append([css.get(c, "") for c, _ in COLUMNS])
    display = pd.DataFrame(rows, columns=headers)
    return StyledTable(display, pd.DataFrame(styles, columns=headers), table)


def show_weekly_table(ctx: PageContext, table: pd.DataFrame, *, key: str, file_name: str) -> None:
    """Draw the coloured table and its CSV download (the numbers, not the text)."""
    styled = styled_table(ctx, table)
    css = styled.css

    def apply(_: pd.DataFrame) -> pd.DataFrame:
        return css

    styler: Any = styled.display.style.apply(apply, axis=None)
    st.dataframe(
        styler,
        hide_index=True,
        width="stretch",
        height="content",
        key=key,
        column_config=column_config(ctx),
    )
    printing.print_copy(styled.display, css, lang=ctx.lang, currency=ctx.currency)
    download_button(styled.raw, key=f"{key}_csv", file_name=file_name, lang=ctx.lang)
