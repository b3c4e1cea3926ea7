"""How the Pipeline page shows its deal tables: which columns, in the user's language, downloadable.

Analytics returns deal rows with canonical column names; a table here keeps the columns a
regional manager reads (in the order they read them), renames them to the page language and
writes forecast categories in the user's words. Reps show by name (their id in the last
column); amounts, rates and dates are written by dashboard.components.formats (Babel). The CSV
download holds exactly what is shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard.components.formats import Kind, formatted, with_rep_names
from dashboard.components.pipeline_charts import category_label
from dashboard.components.tables import show_table
from dashboard.i18n import t

# canonical column -> text key of its header
COLUMN_KEYS: dict[str, str] = {
    "step": "pl_col_step",
    "ladder_stage": "pl_col_stage_rung",
    "opportunity_id": "pl_col_opportunity",
    "opportunity_name": "pl_col_name",
    "account": "pl_col_account",
    "rep_name": "pl_col_rep",
    "rep": "pl_col_rep_id",
    "region": "pl_col_region",
    "stage": "pl_col_stage",
    "forecast_category": "pl_col_category",
    "amount": "pl_col_amount",
    "close_date": "pl_col_close_date",
    "amount_s0": "pl_col_amount_s0",
    "amount_s1": "pl_col_amount_s1",
    "close_date_s0": "pl_col_close_s0",
    "close_date_s1": "pl_col_close_s1",
    "stage_s0": "pl_col_stage_s0",
    "stage_s1": "pl_col_stage_s1",
    "category_s0": "pl_col_category_s0",
    "category_s1": "pl_col_category_s1",
    "slip_count": "pl_col_slip_count",
    "previous_close_date": "pl_col_previous_close",
    "first_close_date": "pl_col_first_close",
    "days_slipped": "pl_col_days_slipped",
    "unchanged_snapshots": "pl_col_unchanged",
    "unchanged_since": "pl_col_unchanged_since",
    "days_past_due": "pl_col_days_past_due",
    "created_date": "pl_col_created",
    "observations": "pl_col_observations",
    "won": "pl_col_won",
    "win_rate": "pl_col_win_rate",
    "win_rate_amount": "pl_col_win_rate_amount",
}
DEAL = ("opportunity_id", "opportunity_name", "account", "rep_name", "region")
STAGE_DEALS = ("ladder_stage", "forecast_category", *DEAL, "stage", "amount", "close_date", "rep")
WATERFALL_DEALS = (
    *DEAL,
    "amount",
    "amount_s0",
    "amount_s1",
    "close_date_s0",
    "close_date_s1",
    "stage_s0",
    "stage_s1",
    "category_s0",
    "category_s1",
    "rep",
)
# the "needs attention" lists put the amount first after the deal, then what makes it urgent
OPEN = ("amount", "stage", "forecast_category", "close_date")
SLIPPED = (
    *DEAL,
    *OPEN,
    "slip_count",
    "previous_close_date",
    "first_close_date",
    "days_slipped",
    "rep",
)
STALE = (*DEAL, *OPEN, "unchanged_snapshots", "unchanged_since", "rep")
PAST_DUE = (*DEAL, *OPEN, "days_past_due", "rep")
CALIBRATION = ("stage", "observations", "won", "win_rate", "win_rate_amount")
MONEY = {"amount", "amount_s0", "amount_s1"}
PERCENT = {"win_rate", "win_rate_amount"}
COUNTS = {
    "observations",
    "won",
    "deals",
    "slip_count",
    "days_slipped",
    "unchanged_snapshots",
    "days_past_due",
}
CATEGORY = {"forecast_category", "category_s0", "category_s1"}
DATES = {
    "close_date",
    "close_date_s0",
    "close_date_s1",
    "previous_close_date",
    "first_close_date",
    "unchanged_since",
    "created_date",
}


def kinds_of(columns: Sequence[str]) -> dict[str, Kind]:
    """The cell format of each column (amounts, rates, counts, dates)."""
    kinds: dict[str, Kind] = {}
    for column in columns:
        if column in MONEY:
            kinds[column] = "money"
        elif column in PERCENT:
            kinds[column] = "pct"
        elif column in COUNTS:
            kinds[column] = "count"
        elif column in DATES:
            kinds[column] = "date"
    return kinds


def present(
    frame: pd.DataFrame,
    columns: Sequence[str],
    lang: str,
    currency: str = "",
    names: Mapping[str, str] | None = None,
    as_text: bool = True,
) -> pd.DataFrame:
    """The listed columns that the frame has, reps by name, categories translated, numbers
    written once (formats; with `as_text` False left as numbers, for downloads), headers in
    `lang`."""
    if names is not None:
        frame = with_rep_names(frame, names)
    elif "rep" in frame.columns:
        frame = frame.assign(rep_name=frame["rep"])
    keep = [c for c in columns if c in frame.columns]
    out = frame[keep].copy()
    for column in keep:
        if column in CATEGORY:
            out[column] = out[column].map(
                lambda v: category_label(v, lang) if isinstance(v, str) else v
            )
    if as_text:
        out = formatted(out, kinds_of(keep), lang, currency)
    out.columns = [t(COLUMN_KEYS.get(c, c), lang) for c in keep]
    return out


def by_amount(frame: pd.DataFrame) -> pd.DataFrame:
    """Deals by amount, largest first (then by close date): the order a manager works a list."""
    keys = [c for c in ("amount", "close_date") if c in frame.columns]
    if not keys:
        return frame
    ascending = [False, True][: len(keys)]
    return frame.sort_values(keys, ascending=ascending, kind="stable").reset_index(drop=True)


def deal_table(
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    key: str,
    file_name: str,
    lang: str,
    currency: str,
    names: Mapping[str, str] | None = None,
    height: int | None = None,
) -> None:
    """A deal table with the chosen columns, its row count and a CSV download."""
    show_table(
        present(frame, columns, lang, currency, names),
        key=key,
        file_name=file_name,
        lang=lang,
        height=height,
        numbers=present(frame, columns, lang, currency, names, as_text=False),
    )
