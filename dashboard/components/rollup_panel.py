"""The Weekly page's roll-up: the tree company → region → manager → rep with each level's call,
the sum below and the gap, and the call entry of a manager, a region's head or the company's VP
(amount or adjustment, required reason), the history of that level's submissions and the commit
list's changes since last week.

Who submits is chosen in the sidebar (no login: a trusted internal tool, README). Every number
and every rule (sum below, the lock, append-only) comes from analytics.rollup; this module only
draws and passes what was typed. Missing numbers show as "—", never as "None".
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from analytics import rollup
from analytics.errors import UsageError
from dashboard import data
from dashboard.components.tables import download_button, show_table
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
DASH = "—"
SEP = ":"
# Who is recorded as submitting a region's or the company's call (the reps table names managers
# only; docs/rollup.md).
REGION_HEAD = "head of region {region}"
COMPANY_VP = "VP (company)"


def who_key(scope_type: str, scope: str) -> str:
    """The sidebar's value for a submitter: 'manager:Ann', 'region:North', 'company:company'."""
    return f"{scope_type}{SEP}{scope}"


def parse_who(key: str) -> tuple[str, str]:
    """(scope_type, scope) of a sidebar value; a bare name is a manager."""
    level, sep, scope = key.partition(SEP)
    if sep and level in rollup.ENTRY_LEVELS:
        return level, scope
    return "manager", key


def submitter(scope_type: str, scope: str) -> str:
    """The name stored as submitted_by."""
    if scope_type == "region":
        return REGION_HEAD.format(region=scope)
    if scope_type == "company":
        return COMPANY_VP
    return scope


def who_label(ctx: PageContext, key: str) -> str:
    """How a submitter is shown: the manager's name, 'North (region head)', 'Company (VP)'."""
    if not key:
        return ctx.t("ru_manager_none")
    level, scope = parse_who(key)
    if level == "region":
        return ctx.t("ru_who_region", region=scope)
    if level == "company":
        return ctx.t("ru_who_company")
    return scope


def pick_manager(ctx: PageContext) -> str | None:
    """The sidebar's picker of who enters a call: a manager, a region's head or the company's VP
    (a value of `who_key`); None when nobody is chosen or the store has no managers."""
    managers = ctx.call(rollup.managers)
    with st.sidebar:
        st.divider()
        if not managers:
            return None
        options = [
            NONE,
            *(who_key("manager", m) for m in managers),
            *(who_key("region", r) for r in ctx.call(rollup.regions)),
            who_key("company", rollup.COMPANY),
        ]
        choice = st.selectbox(
            ctx.t("ru_manager_pick"),
            options=options,
            format_func=lambda k: who_label(ctx, k),
            key=KEY_MANAGER,
        )
        st.caption(ctx.t("ru_trusted"))
    return choice or None


def _number_format(value: object) -> str:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return DASH
    number = float(value)  # type: ignore[arg-type]
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}"


def _time_format(value: object) -> str:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return DASH
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")  # type: ignore[arg-type]


def show_dashed(
    ctx: PageContext,
    frame: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    numbers: list[Any],
    times: tuple[str, ...] = (),
) -> None:
    """A roll-up table whose missing numbers and times read "—" and missing text is blank (the
    grid draws an empty number cell as "None", so numbers are shown as text); the CSV download
    keeps the numbers (empty where missing)."""
    if frame.empty:
        show_table(frame, key=key, file_name=file_name, lang=ctx.lang)
        return
    shown = frame.copy()
    for column in shown.columns:
        values = shown[column]
        if column in numbers:
            shown[column] = [_number_format(v) for v in values]
        elif column in times:
            shown[column] = [_time_format(v) for v in values]
        else:
            shown[column] = values.where(values.notna(), "")
    right = {str(c): st.column_config.TextColumn(alignment="right") for c in numbers}
    st.dataframe(
        shown, hide_index=True, width="stretch", height="auto", key=key, column_config=right
    )
    left, right_col = st.columns([1, 3])
    with left:
        download_button(frame, key=f"{key}_csv", file_name=file_name, lang=ctx.lang)
    with right_col:
        st.caption(ctx.t("rows_count", n=f"{len(frame):,}"))


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
    scope, call, below, gap, missing = (
        ctx.t(k)
        for k in ("ru_col_scope", "ru_col_call", "ru_col_sum_below", "ru_col_gap", "ru_col_missing")
    )
    submitted = ctx.t("ru_col_submitted")
    shown = pd.DataFrame(
        {
            scope: [_level_label(ctx, r) for _, r in frame.iterrows()],
            call: frame["call"].astype(float),
            below: frame["sum_below"].astype(float),
            gap: frame["gap"].astype(float),
            missing: frame["missing_below"].astype(float),
            submitted: pd.to_datetime(frame["submitted_at"]),
            ctx.t("ru_col_by"): frame["submitted_by"],
            ctx.t("ru_col_note"): frame["note"],
        }
    )
    show_dashed(
        ctx,
        shown,
        key="ru_table",
        file_name=f"rollup-{week}",
        numbers=[call, below, gap, missing],
        times=(submitted,),
    )


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


def _submit(ctx: PageContext, who: str, week: date, values: dict[str, Any]) -> None:
    level, scope = parse_who(who)
    try:
        saved = rollup.submit_call(
            ctx.store,
            level,
            scope,
            week,
            submitted_by=submitter(level, scope),
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


def show_entry(ctx: PageContext, who: str, page_week: date) -> None:
    """The call of the one chosen in the sidebar (a `who_key`: a manager, a region's head, the
    company's VP): entry form, history and the commit list's changes."""
    level, scope = parse_who(who)
    name = who_label(ctx, who)
    st.subheader(ctx.t("ru_entry_title", manager=name))
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
    mine = frame[(frame["level"] == level) & (frame["scope"] == scope)]
    row = mine.iloc[0] if not mine.empty else None
    left, right = st.columns([3, 2])
    with right:
        if row is not None:
            st.markdown(
                ctx.t(
                    "ru_sum_below" if level == "manager" else f"ru_sum_below_{level}",
                    amount=ctx.money(row["sum_below"], compact=False, markdown=True),
                )
            )
            if row["missing_below"]:
                key = "ru_sum_missing" if level == "manager" else f"ru_sum_missing_{level}"
                st.caption(ctx.t(key, n=int(row["missing_below"])))
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
        _submit(ctx, who, week, values)
    _history(ctx, level, scope, name, week)
    _diff(ctx, level, scope, week)


def _history(ctx: PageContext, level: str, scope: str, name: str, week: date) -> None:
    st.markdown(f"**{ctx.t('ru_history_title', manager=name)}**")
    history = ctx.call(rollup.call_history, level, scope, week, 4)
    if history.empty:
        st.caption(ctx.t("ru_history_none"))
        return
    amount, adjustment = ctx.t("ru_col_amount"), ctx.t("ru_col_adjustment")
    submitted = ctx.t("ru_col_submitted")
    shown = pd.DataFrame(
        {
            ctx.t("ru_col_week"): pd.to_datetime(history["week_start"]).dt.strftime("%Y-%m-%d"),
            submitted: pd.to_datetime(history["submitted_at"]),
            amount: history["commit_amount"].astype(float),
            adjustment: history["adjustment"].astype(float),
            ctx.t("ru_col_by"): history["submitted_by"],
            ctx.t("ru_col_note"): history["note"],
            ctx.t("ru_col_status"): [_status(ctx, r) for _, r in history.iterrows()],
        }
    )
    show_dashed(
        ctx,
        shown,
        key="ru_history",
        file_name=f"calls-{scope}-{week}",
        numbers=[amount, adjustment],
        times=(submitted,),
    )


def _diff(ctx: PageContext, level: str, scope: str, week: date) -> None:
    st.markdown(f"**{ctx.t('ru_diff_title')}**")
    now = ctx.call(rollup.call_history, level, scope, week, 2)
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
    diff = ctx.call(rollup.commit_diff, level, scope, week)
    if diff.empty:
        st.caption(ctx.t("ru_diff_none"))
        return
    before, now_col, difference = (
        ctx.t(k) for k in ("ru_col_before", "ru_col_now", "ru_col_difference")
    )
    shown = pd.DataFrame(
        {
            ctx.t("ru_col_deal"): diff["opportunity_name"].fillna(diff["opportunity_id"]),
            ctx.t("ru_col_account"): diff["account"],
            ctx.t("ru_col_rep"): diff["rep"],
            ctx.t("ru_col_change"): [ctx.t(f"ru_change_{c}") for c in diff["change"]],
            before: diff["amount_before"].astype(float),
            now_col: diff["amount_now"].astype(float),
            difference: diff["difference"].astype(float),
        }
    )
    show_dashed(
        ctx,
        shown,
        key="ru_diff",
        file_name=f"commit-diff-{scope}-{week}",
        numbers=[before, now_col, difference],
    )
