"""How the Pipeline page shows its deal tables: which columns, in the user's language, downloadable.

Analytics returns deal rows with canonical column names; a table here keeps the columns a
regional manager reads (in the order they read them), renames them to the page language and
writes forecast categories in the user's words. The CSV download holds exactly what is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

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
    "rep": "pl_col_rep",
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
DEAL = ("opportunity_id", "opportunity_name", "account", "rep", "region")
STAGE_DEALS = ("ladder_stage", "forecast_category", *DEAL, "stage", "amount", "close_date")
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
)
OPEN = ("stage", "forecast_category", "amount", "close_date")
SLIPPED = (*DEAL, *OPEN, "slip_count", "previous_close_date", "first_close_date", "days_slipped")
STALE = (*DEAL, *OPEN, "unchanged_snapshots", "unchanged_since")
PAST_DUE = (*DEAL, *OPEN, "days_past_due")
CALIBRATION = ("stage", "observations", "won", "win_rate", "win_rate_amount")
MONEY = {"amount", "amount_s0", "amount_s1"}
PERCENT = {"win_rate", "win_rate_amount"}
COUNTS = {"observations", "won", "deals"}
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


def present(frame: pd.DataFrame, columns: Sequence[str], lang: str) -> pd.DataFrame:
    """The listed columns that the frame has, categories translated, headers in `lang`."""
    keep = [c for c in columns if c in frame.columns]
    out = frame[keep].copy()
    for column in keep:
        if column in CATEGORY:
            out[column] = out[column].map(
                lambda v: category_label(v, lang) if isinstance(v, str) else v
            )
        elif column in DATES:
            out[column] = pd.to_datetime(out[column], errors="coerce").dt.date
    out.columns = [t(COLUMN_KEYS.get(c, c), lang) for c in keep]
    return out


def column_config(columns: Sequence[str], lang: str, currency: str) -> dict[str, Any]:
    """Money with the currency label and thousands separators; rates as percentages."""
    config: dict[str, Any] = {}
    for column in columns:
        label = t(COLUMN_KEYS.get(column, column), lang)
        if column in MONEY:
            config[label] = st.column_config.NumberColumn(label, format=f"{currency}%,.2f")
        elif column in PERCENT:
            config[label] = st.column_config.NumberColumn(label, format="percent")
        elif column in COUNTS:
            config[label] = st.column_config.NumberColumn(label, format="localized")
    return config


def deal_table(
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    key: str,
    file_name: str,
    lang: str,
    currency: str,
    height: int | None = None,
) -> None:
    """A deal table with the chosen columns, its row count and a CSV download."""
    shown = present(frame, columns, lang)
    show_table(
        shown,
        key=key,
        file_name=file_name,
        lang=lang,
        column_config=column_config([c for c in columns if c in frame.columns], lang, currency),
        height=height,
    )
