"""The deals that need a decision on the Monday call: the commit list's flagged deals first, and
the region's slipped, stale and past-due deals, biggest first.

Flags come first (a manager reads them before anything else), then the deal, its amount with the
currency (Babel, dashboard/i18n.py), the rep and the close date; long texts (account, region) to
the right. The CSV download keeps the analytics frame with plain numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.components.tables import blank_missing_text, download_button
from dashboard.context import PageContext
from dashboard.i18n import t
from dashboard.labels import localize_config, localize_frame

AMOUNT_TEXT = "amount_text"
RISK_FILTER_KEY = "wk_risky_filter"
RISK_COLUMNS = (
    "slip_count",
    "stale",
    "days_past_due",
    "opportunity_name",
    AMOUNT_TEXT,
    "rep_name",
    "stage",
    "forecast_category",
    "close_date",
    "first_close_date",
    "unchanged_since",
    "account",
    "region",
    "opportunity_id",
)


def with_amount_text(ctx: PageContext, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame sorted by amount, biggest first, with the amount written with its currency."""
    out = frame.sort_values("amount", ascending=False, kind="stable").reset_index(drop=True)
    out[AMOUNT_TEXT] = [ctx.money(v, compact=False) for v in out["amount"]]
    return out


def pick_subset(
    ctx: PageContext, subsets: Mapping[str, pd.Series], text_prefix: str, key: str
) -> pd.Series:
    """A segmented control over named row masks (the first, "all", by default), each option
    with its count (text `<text_prefix><name>`); the mask picked."""
    counts = {name: int(mask.sum()) for name, mask in subsets.items()}
    choice = st.segmented_control(
        ctx.t("wk_list_show"),
        options=list(subsets),
        format_func=lambda k: ctx.t(f"{text_prefix}{k}", n=counts[k]),
        default="all",
        required=True,
        key=key,
    )
    return subsets[choice or "all"]


def deal_table(
    ctx: PageContext,
    shown: pd.DataFrame,
    raw: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    config: Mapping[str, Any],
) -> None:
    """`shown` on screen (its columns in order), `raw` in the CSV, the row count under it."""
    if shown.empty:
        st.caption(ctx.t("no_rows"))
        return
    st.dataframe(  # word cells (categories) and headers in the language (labels.py)
        localize_frame(blank_missing_text(shown), ctx.lang),
        hide_index=True,
        width="stretch",
        column_config=localize_config(config, ctx.lang),
        key=key,
    )
    left, right = st.columns([1, 3])
    with left:
        download_button(raw, key=f"{key}_csv", file_name=file_name, lang=ctx.lang)
    with right:
        st.caption(t("rows_count", ctx.lang, n=f"{len(shown):,}"))


def _risk_config(ctx: PageContext) -> dict[str, Any]:
    col = st.column_config
    return {
        "slip_count": col.TextColumn(ctx.t("wd_slips")),
        "stale": col.CheckboxColumn(ctx.t("wd_stale")),
        "days_past_due": col.TextColumn(ctx.t("wd_past_due")),
        "opportunity_name": col.TextColumn(ctx.t("wk_lc_deal"), width="large"),
        AMOUNT_TEXT: col.TextColumn(ctx.t("wk_lc_amount")),
        "rep_name": col.TextColumn(ctx.t("wk_lc_rep")),
        "stage": col.NumberColumn(ctx.t("wk_lc_stage"), format="%d%%", width="small"),
        "forecast_category": col.TextColumn(ctx.t("wk_lc_category")),
        "close_date": col.DateColumn(ctx.t("wk_lc_close"), format="YYYY-MM-DD"),
        "first_close_date": col.DateColumn(ctx.t("wd_first_close"), format="YYYY-MM-DD"),
        "unchanged_since": col.DateColumn(ctx.t("wd_unchanged_since"), format="YYYY-MM-DD"),
        "account": col.TextColumn(ctx.t("wk_lc_account")),
        "region": col.TextColumn(ctx.t("wk_lc_region")),
        "opportunity_id": col.TextColumn("ID"),
    }


def risky_deals(deals: pd.DataFrame) -> pd.DataFrame:
    """The open deals that slipped at least once, are stale or are past due (M11's lists)."""
    if deals.empty:
        return deals
    flagged = (
        deals["slip_count"].fillna(0).gt(0)
        | deals["stale"].fillna(False).astype(bool)
        | deals["past_due"].fillna(False).astype(bool)
    )
    return deals[flagged].reset_index(drop=True)


def show_risky_deals(
    ctx: PageContext, deals: pd.DataFrame, names: Mapping[str, str], week: str
) -> None:
    """The slipped, stale and past-due deals of the filter at the week's snapshot, by amount."""
    st.subheader(ctx.t("wd_title"))
    risky = risky_deals(deals)
    if deals.empty:
        st.caption(ctx.t("wd_no_snapshot", week=week))
        return
    snapshot = str(pd.Timestamp(deals["snapshot_date"].iloc[0]).date())
    st.caption(
        ctx.t(
            "wd_caption",
            date=snapshot,
            n=ctx.settings.thresholds.m11_stale_snapshots,
            total=ctx.money(risky["amount"].sum() if not risky.empty else 0.0, compact=False),
        )
    )
    subsets = {
        "all": pd.Series(True, index=risky.index),
        "slipped": risky["slip_count"].fillna(0).gt(0),
        "stale": risky["stale"].fillna(False).astype(bool),
        "past_due": risky["past_due"].fillna(False).astype(bool),
    }
    risky = with_amount_text(ctx, risky[pick_subset(ctx, subsets, "wd_show_", RISK_FILTER_KEY)])
    raw = risky.drop(columns=[AMOUNT_TEXT])  # the CSV keeps plain numbers
    risky["rep_name"] = [names.get(str(r), str(r)) for r in risky["rep"]]
    # Counts shown only where they flag something (an empty cell reads faster than a 0).
    risky["slip_count"] = [str(int(n)) if n and n > 0 else "" for n in risky["slip_count"]]
    risky["days_past_due"] = [
        str(int(n)) if due else ""
        for n, due in zip(risky["days_past_due"], risky["past_due"], strict=True)
    ]
    columns = [c for c in RISK_COLUMNS if c in risky.columns]
    deal_table(
        ctx,
        risky[columns],
        raw,
        key="wk_risky_deals",
        file_name=f"slipped-stale-past-due-{week}",
        config=_risk_config(ctx),
    )
