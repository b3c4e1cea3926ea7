"""The Weekly page's roll-up: the tree company → region → manager → rep with each level's call,
the sum below and the gap, and the manager's call entry (amount or adjustment, required reason),
the history of the manager's submissions and the commit list's changes since last week.

The manager is chosen in the sidebar (no login: a trusted internal tool, README). Every number
and every rule (sum below, the lock, append-only) comes from analytics.rollup; this module only
draws and passes what was typed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from analytics import rollup
from analytics.errors import UsageError
from dashboard import data
from dashboard.components.tables import show_table
from dashboard.context import PageContext
from dashboard.labels import value_label

KEY_MANAGER = "ru_manager"
KEY_WEEK = "ru_week"
KEY_MODE = "ru_mode"
KEY_AMOUNT = "ru_amount"
KEY_ADJUST = "ru_adjust"
KEY_REASON = "ru_reason"
KEY_LATE = "ru_late"
KEY_SUBMIT = "ru_submit"
FLASH = "_ru_flash"
NONE = ""


def pick_manager(ctx: PageContext) -> str | None:
    """The sidebar's manager picker; None when nobody is chosen or the store has no managers."""
    managers = ctx.call(rollup.managers)
    with st.sidebar:
        st.divider()
        if not managers:
            return None
        choice = st.selectbox(
            ctx.t("ru_manager_pick"),
            options=[NONE, *managers],
            format_func=lambda m: m or ctx.t("ru_manager_none"),
            key=KEY_MANAGER,
        )
        st.caption(ctx.t("ru_trusted"))
    return choice or None


def _level_label(ctx: PageContext, row: pd.Series) -> str:
    indent = "\u2003" * int(row["depth"])
    if row["level"] == "company":
        return ctx.t("ru_company")
    if row["scope"] == rollup.NO_MANAGER:
        return indent + ctx.t("ru_no_manager")
    if row["level"] == "rep" and row["name"] != row["scope"]:
        return f"{indent}{row['name']} ({row['scope']})"
    return f"{indent}{value_label(row['scope'], ctx.lang)}"  # a region by its display name


def show_rollup(ctx: PageContext, week: date) -> None:
    """The roll-up table of the week."""
    frame = ctx.call(rollup.rollup_frame, week)
    lock = rollup.lock_state(ctx.store, week)
    st.subheader(ctx.t("ru_title"))
    st.caption(
        ctx.t(
            "ru_caption",
            week=week.isoformat(),
            deadline=lock.deadline.strftime("%Y-%m-%d %H:%M"),
        )
    )
    shown = pd.DataFrame(
        {
            ctx.t("ru_col_scope"): [_level_label(ctx, r) for _, r in frame.iterrows()],
            ctx.t("ru_col_call"): frame["call"],
            ctx.t("ru_col_sum_below"): frame["sum_below"],
            ctx.t("ru_col_gap"): frame["gap"],
            ctx.t("ru_col_missing"): frame["missing_below"],
            ctx.t("ru_col_submitted"): pd.to_datetime(frame["submitted_at"]),
            ctx.t("ru_col_by"): frame["submitted_by"],
            ctx.t("ru_col_note"): frame["note"],
        }
    )
    show_table(shown, key="ru_table", file_name=f"rollup-{week}", lang=ctx.lang)


def _week_options(ctx: PageContext, page_week: date) -> list[date]:
    open_week = rollup.entry_week(ctx.store)
    return sorted({open_week, page_week, open_week - timedelta(weeks=1)}, reverse=True)


def _week_label(ctx: PageContext, week: date) -> str:
    lock = rollup.lock_state(ctx.store, week)
    key = "ru_week_locked" if lock.locked else "ru_week_open"
    return ctx.t(key, week=week.isoformat(), deadline=lock.deadline.strftime("%Y-%m-%d %H:%M"))


def _status(ctx: PageContext, row: pd.Series) -> str:
    if bool(row["counts"]):
        return (
            ctx.t("ru_status_late_only") if not bool(row["on_time"]) else ctx.t("ru_status_counts")
        )
    if bool(row["late_correction"]):
        return ctx.t("ru_status_late")
    return ctx.t("ru_status_replaced")


def _submit(ctx: PageContext, manager: str, week: date, values: dict[str, Any]) -> None:
    try:
        saved = rollup.submit_call(
            ctx.store,
            "manager",
            manager,
            week,
            submitted_by=manager,
            reason=str(values["reason"] or ""),
            amount=values.get("amount"),
            adjustment=values.get("adjustment"),
            late_correction=bool(values["late"]),
        )
    except rollup.CallLockedError:
        lock = rollup.lock_state(ctx.store, week)
        st.error(
            ctx.t(
                "ru_locked",
                week=week.isoformat(),
                deadline=lock.deadline.strftime("%Y-%m-%d %H:%M"),
            ),
            icon=":material/lock:",
        )
        return
    except UsageError as exc:
        st.error(ctx.t("ru_refused", reason=str(exc)), icon=":material/error:")
        return
    data.clear_caches()
    key = "ru_saved_late" if saved.late_correction else "ru_saved"
    st.session_state[FLASH] = ctx.t(
        key, amount=ctx.money(float(saved.commit_amount), compact=False), week=week.isoformat()
    )
    st.rerun()


def show_entry(ctx: PageContext, manager: str, page_week: date) -> None:
    """The chosen manager's call: entry form, history and the commit list's changes."""
    st.subheader(ctx.t("ru_entry_title", manager=manager))
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    options = _week_options(ctx, page_week)
    if st.session_state.get(KEY_WEEK) not in [w.isoformat() for w in options]:
        st.session_state[KEY_WEEK] = rollup.entry_week(ctx.store).isoformat()
    week = date.fromisoformat(
        st.selectbox(
            ctx.t("ru_entry_week"),
            options=[w.isoformat() for w in options],
            format_func=lambda w: _week_label(ctx, date.fromisoformat(w)),
            key=KEY_WEEK,
        )
    )
    frame = ctx.call(rollup.rollup_frame, week)
    mine = frame[(frame["level"] == "manager") & (frame["scope"] == manager)]
    row = mine.iloc[0] if not mine.empty else None
    left, right = st.columns([3, 2])
    with right:
        if row is not None:
            st.markdown(
                ctx.t(
                    "ru_sum_below", amount=ctx.money(row["sum_below"], compact=False, markdown=True)
                )
            )
            if row["missing_below"]:
                st.caption(ctx.t("ru_sum_missing", n=int(row["missing_below"])))
            if pd.notna(row["call"]):
                at = pd.Timestamp(row["submitted_at"]).strftime("%Y-%m-%d %H:%M")
                st.markdown(
                    ctx.t(
                        "ru_current",
                        amount=ctx.money(row["call"], compact=False, markdown=True),
                        at=at,
                    )
                )
            else:
                st.caption(ctx.t("ru_current_none"))
    with left, st.form("ru_form", clear_on_submit=False, border=True):
        mode = st.radio(
            ctx.t("ru_mode"),
            options=["amount", "adjust"],
            format_func=lambda m: ctx.t("ru_mode_amount" if m == "amount" else "ru_mode_adjust"),
            horizontal=True,
            key=KEY_MODE,
        )
        amount = st.number_input(
            ctx.t("ru_amount"), min_value=0.0, step=1000.0, value=None, key=KEY_AMOUNT
        )
        adjust = st.number_input(ctx.t("ru_adjust"), step=1000.0, value=None, key=KEY_ADJUST)
        reason = st.text_input(ctx.t("ru_reason"), key=KEY_REASON, max_chars=500)
        late = st.checkbox(ctx.t("ru_late"), key=KEY_LATE)
        sent = st.form_submit_button(ctx.t("ru_submit"), type="primary", key=KEY_SUBMIT)
    if sent:
        values: dict[str, Any] = {"reason": reason, "late": late}
        if mode == "amount":
            values["amount"] = amount
        else:
            values["adjustment"] = adjust
        _submit(ctx, manager, week, values)
    _history(ctx, manager, week)
    _diff(ctx, manager, week)


def _history(ctx: PageContext, manager: str, week: date) -> None:
    st.markdown(f"**{ctx.t('ru_history_title', manager=manager)}**")
    history = ctx.call(rollup.call_history, "manager", manager, week, 4)
    if history.empty:
        st.caption(ctx.t("ru_history_none"))
        return
    shown = pd.DataFrame(
        {
            ctx.t("ru_col_week"): pd.to_datetime(history["week_start"]),
            ctx.t("ru_col_submitted"): pd.to_datetime(history["submitted_at"]),
            ctx.t("ru_col_amount"): history["commit_amount"],
            ctx.t("ru_col_adjustment"): history["adjustment"],
            ctx.t("ru_col_by"): history["submitted_by"],
            ctx.t("ru_col_note"): history["note"],
            ctx.t("ru_col_status"): [_status(ctx, r) for _, r in history.iterrows()],
        }
    )
    show_table(shown, key="ru_history", file_name=f"calls-{manager}-{week}", lang=ctx.lang)


def _diff(ctx: PageContext, manager: str, week: date) -> None:
    st.markdown(f"**{ctx.t('ru_diff_title')}**")
    now = ctx.call(rollup.call_history, "manager", manager, week, 2)
    counted = now[now["counts"]]

    def call_of(monday: date) -> str:
        hit = counted[pd.to_datetime(counted["week_start"]).dt.date == monday]
        return (
            ctx.money(float(hit["commit_amount"].iloc[0]), compact=False, markdown=True)
            if len(hit)
            else "—"
        )

    st.caption(
        ctx.t(
            "ru_diff_caption",
            week=week.isoformat(),
            before=(week - timedelta(weeks=1)).isoformat(),
            now=call_of(week),
            last=call_of(week - timedelta(weeks=1)),
        )
    )
    diff = ctx.call(rollup.commit_diff, "manager", manager, week)
    if diff.empty:
        st.caption(ctx.t("ru_diff_none"))
        return
    shown = pd.DataFrame(
        {
            ctx.t("ru_col_deal"): diff["opportunity_name"].fillna(diff["opportunity_id"]),
            ctx.t("ru_col_account"): diff["account"],
            ctx.t("ru_col_rep"): diff["rep"],
            ctx.t("ru_col_change"): [ctx.t(f"ru_change_{c}") for c in diff["change"]],
            ctx.t("ru_col_before"): diff["amount_before"],
            ctx.t("ru_col_now"): diff["amount_now"],
            ctx.t("ru_col_difference"): diff["difference"],
        }
    )
    show_table(shown, key="ru_diff", file_name=f"commit-diff-{manager}-{week}", lang=ctx.lang)
