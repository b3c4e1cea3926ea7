"""The lists of the Weekly commit call: missing calls, the commit list (M5), unrealized orders (M4).

Each function draws one section from analytics frames; filtering a list by one of its own flags
(weak commit, should be commit, checklist incomplete) is the only thing done to the rows here.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.components import printing, weekly_data
from dashboard.components.bands import band_for
from dashboard.components.drill import Drill, drill_expander
from dashboard.components.tables import download_button, escape_markdown
from dashboard.components.weekly_data import Week
from dashboard.components.weekly_decisions import (
    AMOUNT_TEXT,
    deal_table,
    pick_subset,
    with_amount_text,
)
from dashboard.components.weekly_table import CELL_COLORS, TOTAL_STYLE
from dashboard.context import PageContext
from dashboard.labels import value_label

LIST_FILTER_KEY = "wk_list_filter"
# The flags a manager decides on first, then the deal, its amount and owner; long texts right.
LIST_COLUMNS = (
    "weak_commit",
    "should_be_commit",
    "opportunity_name",
    AMOUNT_TEXT,
    "rep_name",
    "stage",
    "forecast_category",
    "close_date",
    "checklist_share",
    "account",
    "region",
    "config_final",
    "end_user_signed",
    "channel_signed",
    "discount_approved",
    "partner_ready",
    "opportunity_id",
    "rep",
)


def show_missing(ctx: PageContext, week: Week) -> None:
    """Who has not called for the week, by name, grouped by region."""
    frame = weekly_data.missing_calls(ctx, week)
    iso = week.monday.isoformat()
    if frame.empty:
        st.success(ctx.t("wk_missing_none", week=iso), icon=":material/check_circle:")
        return
    lines = []
    for region, part in frame.groupby("region", sort=True, dropna=False):
        names = [
            str(n) if isinstance(n, str) and n else str(r)
            for n, r in zip(part["rep_name"], part["rep"], strict=True)
        ]
        lines.append(f"**{escape_markdown(str(region))}**: {escape_markdown(', '.join(names))}")
    title = ctx.t("wk_missing_title", week=iso, n=len(frame))
    st.warning(f"**{title}**  \n" + "  \n".join(lines), icon=":material/phone_missed:")


def _list_config(ctx: PageContext) -> dict[str, Any]:
    col = st.column_config
    return {
        "opportunity_name": col.TextColumn(ctx.t("wk_lc_deal"), width="large"),
        "account": col.TextColumn(ctx.t("wk_lc_account")),
        "rep_name": col.TextColumn(ctx.t("wk_lc_rep")),
        "region": col.TextColumn(ctx.t("wk_lc_region")),
        AMOUNT_TEXT: col.TextColumn(ctx.t("wk_lc_amount")),
        "stage": col.NumberColumn(ctx.t("wk_lc_stage"), format="%d%%", width="small"),
        "forecast_category": col.TextColumn(ctx.t("wk_lc_category")),
        "close_date": col.DateColumn(ctx.t("wk_lc_close"), format="YYYY-MM-DD"),
        "checklist_share": col.ProgressColumn(
            ctx.t("wk_lc_checklist"), min_value=0.0, max_value=1.0, format="percent"
        ),
        "weak_commit": col.CheckboxColumn(ctx.t("wk_lc_weak")),
        "should_be_commit": col.CheckboxColumn(ctx.t("wk_lc_should")),
        "config_final": col.CheckboxColumn(ctx.t("wk_lc_config")),
        "end_user_signed": col.CheckboxColumn(ctx.t("wk_lc_end_user")),
        "channel_signed": col.CheckboxColumn(ctx.t("wk_lc_channel")),
        "discount_approved": col.CheckboxColumn(ctx.t("wk_lc_discount")),
        "partner_ready": col.CheckboxColumn(ctx.t("wk_lc_partner")),
        "opportunity_id": col.TextColumn("ID"),
        "rep": col.TextColumn(ctx.t("wk_lc_rep") + " ID"),
    }


def _flag(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].fillna(False).astype(bool)


def show_commit_list(ctx: PageContext, week: Week) -> None:
    """The week's commit list with checklist completeness and the two flags of M5."""
    st.subheader(ctx.t("wk_list_title"))
    quality = weekly_data.commit_quality(ctx, week)
    frame = weekly_data.commit_list(ctx, week)
    if quality.empty and frame.empty:
        st.info(
            ctx.t(
                "wk_list_no_snapshot",
                days=ctx.settings.snapshot_max_age_days,
                week=week.monday.isoformat(),
            ),
            icon=":material/event_busy:",
        )
        return
    snapshot = frame["snapshot_date"].iloc[0] if not frame.empty else None
    st.caption(
        ctx.t(
            "wk_list_caption",
            date=str(pd.Timestamp(snapshot).date()) if snapshot is not None else "",
            stage=ctx.number(ctx.settings.eligible_stage),
        )
    )
    if frame.empty:
        st.caption(ctx.t("no_rows"))
        return
    subsets = {
        "all": pd.Series(True, index=frame.index),
        "weak": _flag(frame, "weak_commit"),
        "should": _flag(frame, "should_be_commit"),
        "incomplete": frame["checklist_complete"].eq(False),
    }
    # The flagged deals first, each group biggest first.
    shown = with_amount_text(ctx, frame[pick_subset(ctx, subsets, "wk_list_", LIST_FILTER_KEY)])
    flagged = _flag(shown, "weak_commit") | _flag(shown, "should_be_commit")
    shown = pd.concat([shown[flagged], shown[~flagged]], ignore_index=True)
    columns = [c for c in LIST_COLUMNS if c in shown.columns]
    deal_table(
        ctx,
        shown[columns],
        shown.drop(columns=[AMOUNT_TEXT]),
        key="wk_commit_list",
        file_name=f"commit-list-{week.monday}",
        config=_list_config(ctx),
    )


def _unrealized_rows(ctx: PageContext, week: Week) -> pd.DataFrame:
    regions = weekly_data.unrealized(ctx, week, "region")
    company = weekly_data.unrealized(ctx, week, "company")
    regions = regions.assign(level="region")
    company = company.assign(level="company")
    return pd.concat([regions, company], ignore_index=True)


def show_unrealized(ctx: PageContext, week: Week) -> None:
    """M4 of the week's month by region and for the company, and the orders not realized."""
    month = week.month_label
    th = ctx.settings.thresholds
    st.subheader(ctx.t("wk_unrealized_title", month=month))
    st.caption(ctx.t("wk_unrealized_caption", month=month, max=ctx.pct(th.m4_max, 0)))
    rows = _unrealized_rows(ctx, week)
    if rows.empty:
        st.caption(ctx.t("no_rows"))
        return
    display = pd.DataFrame(
        {
            ctx.t("wk_uc_scope"): [
                ctx.t("wk_total_company")
                if level == "company"
                else str(value_label(scope, ctx.lang))
                for level, scope in zip(rows["level"], rows["scope"], strict=True)
            ],
            ctx.t("wk_uc_unrealized"): [ctx.money(v) for v in rows["unrealized"]],
            ctx.t("wk_uc_booked"): [ctx.money(v) for v in rows["booked"]],
            ctx.t("wk_uc_share"): [ctx.pct(v) for v in rows["value"]],
            ctx.t("wk_uc_band"): [ctx.t(band_for("M4", v, th).name_key) for v in rows["value"]],
        }
    )
    css = pd.DataFrame("", index=display.index, columns=display.columns)
    for index, (level, value) in enumerate(zip(rows["level"], rows["value"], strict=True)):
        color = CELL_COLORS[band_for("M4", value, th).level]
        css.iloc[index, 3] = color
        css.iloc[index, 4] = color
        if level == "company":
            css.iloc[index, :] = [
                f"{TOTAL_STYLE}; {c}" if c else TOTAL_STYLE for c in css.iloc[index]
            ]
    styler: Any = display.style.apply(lambda _: css, axis=None)
    st.dataframe(styler, hide_index=True, width="content", key="wk_unrealized_table")
    printing.print_copy(display, css, lang=ctx.lang, currency=ctx.currency)
    download_button(rows, key="wk_unrealized_csv", file_name=f"unrealized-{month}", lang=ctx.lang)
    drill_expander(
        ctx,
        Drill(
            ctx.t("wk_unrealized_orders"),
            lambda: weekly_data.unrealized_orders(ctx, week, "company", "company"),
            "wk_unrealized_orders",
        ),
    )
