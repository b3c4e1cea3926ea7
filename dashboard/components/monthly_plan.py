"""The monthly action plan: a note per rep for the review month, edited in place and saved.

Reads and writes go through analytics.action_plans (table `action_plans`); the list is read
fresh on every run (it is small and changes here), so no cache needs clearing after a save. One
form holds a text area per rep, a tab per region; saving writes only the notes that changed, and
an emptied note removes the plan.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.action_plans import MAX_NOTE_CHARS, list_action_plans, save_action_plan
from analytics.errors import ForecastDeskError
from dashboard.components.monthly_data import Month
from dashboard.components.tables import show_table
from dashboard.context import PageContext

FORM_KEY = "mo_plan_form"
SAVE_KEY = "mo_plan_save"
SAVED_MESSAGE = "_mo_plan_saved"


def plan_key(month: str, rep: str) -> str:
    """The text area of one rep and month (a new month starts from the stored notes)."""
    return f"mo_plan_{month}_{rep}"


def _note(value: object) -> str:
    return value if isinstance(value, str) else ""


def _when(value: object) -> str | None:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")  # type: ignore[arg-type]


def _rep_label(row: pd.Series) -> str:
    name = row.get("rep_name")
    rep = str(row["rep"])
    return f"{name} ({rep})" if isinstance(name, str) and name and name != rep else rep


def _editor(ctx: PageContext, month: Month, plans: pd.DataFrame) -> bool:
    """The form; True when it was submitted in this run."""
    regions = list(dict.fromkeys(str(r) if isinstance(r, str) else "" for r in plans["region"]))
    with st.form(FORM_KEY, border=True):
        labels = []
        for region in regions:
            part = plans[plans["region"].fillna("") == region]
            done = int(part["note"].map(lambda n: bool(_note(n))).sum())
            labels.append(ctx.t("mo_plan_count", region=region, done=done, total=len(part)))
        for tab, region in zip(st.tabs(labels), regions, strict=True):
            with tab:
                part = plans[plans["region"].fillna("") == region]
                columns = st.columns(2)
                for index, (_, row) in enumerate(part.iterrows()):
                    with columns[index % 2]:
                        st.text_area(
                            _rep_label(row),
                            value=_note(row["note"]),
                            key=plan_key(month.label, str(row["rep"])),
                            height=110,
                            max_chars=MAX_NOTE_CHARS,
                            placeholder=ctx.t("mo_plan_placeholder", month=month.label),
                        )
                        when = _when(row["updated_at"])
                        if when:
                            st.caption(ctx.t("mo_plan_updated", when=when))
        return st.form_submit_button(ctx.t("mo_plan_save"), type="primary", key=SAVE_KEY)


def _save(ctx: PageContext, month: Month, plans: pd.DataFrame) -> None:
    """Write the notes that differ from the stored ones; report what happened."""
    saved = 0
    for _, row in plans.iterrows():
        rep = str(row["rep"])
        typed = str(st.session_state.get(plan_key(month.label, rep), ""))
        if typed.strip() == _note(row["note"]).strip():
            continue
        try:
            save_action_plan(ctx.store, rep, month.label, typed)
        except ForecastDeskError as exc:
            st.error(ctx.t("mo_plan_failed", rep=_rep_label(row), message=str(exc)))
            return
        saved += 1
    st.session_state[SAVED_MESSAGE] = (
        ctx.t("mo_plan_saved", n=saved, month=month.label) if saved else ctx.t("mo_plan_nothing")
    )
    st.rerun()


def show_action_plans(ctx: PageContext, month: Month) -> None:
    st.subheader(ctx.t("mo_plan_title", month=month.label))
    st.caption(ctx.t("mo_plan_caption"))
    message = st.session_state.pop(SAVED_MESSAGE, None)
    if message:
        st.success(message, icon=":material/check_circle:")
    plans = list_action_plans(ctx.store, month.label, ctx.filters.regions, ctx.filters.reps)
    if plans.empty:
        st.info(ctx.t("mo_plan_no_reps", month=month.label), icon=":material/filter_alt_off:")
        return
    if _editor(ctx, month, plans):
        _save(ctx, month, plans)
    written = plans[plans["note"].map(lambda n: bool(_note(n)))]
    with st.expander(ctx.t("mo_plan_all", month=month.label), icon=":material/table_rows:"):
        show_table(
            written.reset_index(drop=True),
            key="mo_plan_table",
            file_name=f"action-plans-{month.label}",
            lang=ctx.lang,
            column_config={
                "note": st.column_config.TextColumn(ctx.t("mo_plan_col_note"), width="large"),
                "updated_at": st.column_config.DatetimeColumn(
                    ctx.t("mo_plan_col_updated"), format="YYYY-MM-DD HH:mm"
                ),
            },
        )
