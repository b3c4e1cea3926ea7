"""Weekly commit call page (the Monday review): one week, every rep, region and the company.

The week is picked on the page (kept in the URL as `week=YYYY-MM-DD`, its Monday). The options
are the weeks with calls in the store; the default is the current week when the store is live
(calls in the last two weeks), else the latest week with calls. "Last week" is the week before.

Shown, for the sidebar's regions and reps: tiles with the company totals (M1 last week, M2, M3
month and quarter cover, M14, M5, M4 of the month); who has not called; the table of reps grouped
by region with region and company totals (analytics.metrics.weekly.weekly_table; no company
row when the filter leaves one region); the deals that need a decision: the week's commit list
(M5) with its flags first, and the slipped, stale and past-due deals biggest first; bar charts by
rep over the thresholds; the roll-up; the deals and orders behind any row; the unrealized orders
of the month (M4). Every number comes from analytics.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from analytics.calendar import call_deadline, due_call_week, week_monday
from analytics.calendar import now as clock_now
from analytics.calendar import today as clock_today
from analytics.metrics.base import Scope
from dashboard.components import (
    empty,
    projection_data,
    rollup_panel,
    share,
    weekly_charts,
    weekly_data,
    weekly_tiles,
)
from dashboard.components.drill import Drill, drill_tabs
from dashboard.components.kpi import inject_css, kpi_row
from dashboard.components.weekly_data import Week
from dashboard.components.weekly_decisions import show_risky_deals
from dashboard.components.weekly_lists import show_commit_list, show_missing, show_unrealized
from dashboard.components.weekly_table import show_weekly_table
from dashboard.context import PageContext, get_context

WEEK_KEY = "wk_week"
WEEK_PARAM = "week"
LAST_PICK = "_wk_last_pick"
DRILL_KEY = "wk_drill_scope"
LIVE_DAYS = 14
SIDE_BY_SIDE_REPS = 12


def week_options(weeks: list[date], due: date) -> tuple[list[date], date]:
    """The picker's weeks (newest first) and the default one.

    `due` is the latest week whose call is due (`analytics.calendar.due_call_week`: this week
    after Monday 09:00, last week before it). It is offered, and is the default, when the store
    is live: it has calls for it, or for a week at most LIVE_DAYS before it (so that on Monday
    morning the week whose calls are still missing can be reviewed). Otherwise the default is the
    latest week with calls up to it (a store of past data opens on its last week). A week whose
    call is not yet due is offered when it has calls but never opened by default.
    """
    options = sorted(set(weeks), reverse=True)
    if not options:
        return [], due
    if due not in options and max(options) < due <= max(options) + timedelta(days=LIVE_DAYS):
        options = sorted({due, *options}, reverse=True)
    if due in options:
        return options, due
    past = [w for w in options if w <= due]
    return options, past[0] if past else options[-1]


def _parse_week(text: str | None) -> date | None:
    try:
        return week_monday(date.fromisoformat(str(text).strip())) if text else None
    except ValueError:
        return None


def pick_week(ctx: PageContext, options: list[date], default: date, today: date) -> Week:
    """The week selectbox, seeded from the URL on first use; the pick goes back to the URL."""
    values = [w.isoformat() for w in options]
    if st.session_state.get(WEEK_KEY) not in values:
        wanted = _parse_week(st.query_params.get(WEEK_PARAM))
        remembered = st.session_state.get(LAST_PICK)
        candidates = [wanted.isoformat() if wanted else None, remembered, default.isoformat()]
        st.session_state[WEEK_KEY] = next(c for c in candidates if c in values)
    m0 = ctx.settings.fiscal_year_start_month
    this_week = week_monday(today)
    relative = {
        this_week.isoformat(): ctx.t("wk_this_week"),
        (this_week - timedelta(days=7)).isoformat(): ctx.t("wk_last_week"),
    }
    s = ctx.settings
    moment = clock_now()

    def label(value: str) -> str:
        week = Week(date.fromisoformat(value))
        text = ctx.t(
            "wk_week_label",
            date=value,
            quarter=week.quarter_label(m0),
            n=week.week_of_quarter(m0),
        )
        notes = [relative[value]] if value in relative else []
        deadline = call_deadline(week.monday, s.call_deadline_weekday, s.call_deadline_hour)
        if deadline > moment:
            notes.append(ctx.t("wk_not_due", due=deadline.strftime("%Y-%m-%d %H:%M")))
        return f"{text} ({', '.join(notes)})" if notes else text

    choice = st.selectbox(ctx.t("wk_week"), options=values, format_func=label, key=WEEK_KEY)
    st.session_state[LAST_PICK] = choice
    if st.query_params.get(WEEK_PARAM) != choice:
        st.query_params[WEEK_PARAM] = choice
    return Week(date.fromisoformat(choice))


def _scope_label(ctx: PageContext, row: pd.Series) -> str:
    level = row["level"]
    if level == "company":
        return ctx.t("wk_scope_company")
    if level == "region":
        return ctx.t("wk_scope_region", region=str(row["scope"]))
    name = row.get("rep_name")
    return f"{name} ({row['scope']})" if isinstance(name, str) and name else str(row["scope"])


def _drills(ctx: PageContext, table: pd.DataFrame, week: Week) -> None:
    """Pick a row (company, a region or a rep) and see the deals and orders behind its numbers."""
    labels = {
        f"{row['level']}|{row['scope']}": _scope_label(ctx, row) for _, row in table.iterrows()
    }
    choices = sorted(labels, key=lambda k: (k.split("|")[0] != "company", list(labels).index(k)))
    if st.session_state.get(DRILL_KEY) not in choices:
        st.session_state[DRILL_KEY] = choices[0]
    picked = st.selectbox(
        ctx.t("wk_drill_pick"), options=choices, format_func=labels.__getitem__, key=DRILL_KEY
    )
    level_text, scope = picked.split("|", 1)
    level: Scope = (
        "company" if level_text == "company" else "region" if level_text == "region" else "rep"
    )
    month = week.month_label
    drills = [
        Drill(
            ctx.t("wk_drill_last_orders"),
            lambda: weekly_data.last_week_orders(ctx, week, level, scope),
            "wk_drill_orders",
        ),
        Drill(
            ctx.t("wk_drill_commit_list"),
            lambda: weekly_data.commit_list(ctx, week, level, scope),
            "wk_drill_commits",
        ),
        Drill(
            ctx.t("wk_drill_calls"),
            lambda: weekly_data.calls_behind(ctx, week, level, scope),
            "wk_drill_calls",
        ),
        Drill(
            ctx.t("wk_drill_unrealized", month=month),
            lambda: weekly_data.unrealized_orders(ctx, week, level, scope),
            "wk_drill_unrealized",
        ),
    ]
    drill_tabs(ctx, drills, title=ctx.t("wk_drill_title", scope=labels[picked]))


def _charts(ctx: PageContext, reps: pd.DataFrame, week: Week) -> None:
    """Last week's accuracy, this week's linearity and the covers, a bar per rep.

    Side by side for a region's handful of reps; one under the other for more (the company).
    """
    th = ctx.settings.thresholds
    specs = (
        (
            weekly_charts.accuracy_by_rep_figure,
            ("last_week_accuracy",),
            ctx.t("wk_chart_accuracy", week=week.last.isoformat()),
            "wk_chart_accuracy",
        ),
        (
            weekly_charts.linearity_by_rep_figure,
            ("commit_linearity",),
            ctx.t("wk_chart_linearity"),
            "wk_chart_linearity",
        ),
        (
            weekly_charts.cover_by_rep_figure,
            ("month_cover", "quarter_cover"),
            ctx.t("wk_chart_cover"),
            "wk_chart_cover",
        ),
    )
    if len(reps) > SIDE_BY_SIDE_REPS:  # a bar per rep needs the whole width
        places = [st.container() for _ in specs]
    else:
        left, right = st.columns(2)
        places = [left, right, st.container()]
    for place, (build, value_columns, title, key) in zip(places, specs, strict=True):
        with place:
            if not weekly_charts.has_values(reps, *value_columns):
                st.markdown(f"**{title}**")
                st.caption(ctx.t("wk_chart_no_data", week=week.monday.isoformat()))
                continue
            fig = build(reps, th, ctx.lang, title=title)
            st.plotly_chart(fig, key=key, width="stretch")


def _projection(ctx: PageContext, week: Week) -> None:
    """M19 at the week's snapshot: the quarter's P50 beside booked + commit, and its record."""
    tiles = projection_data.weekly_tiles(ctx, week.monday)
    if tiles:
        kpi_row(tiles, ctx.lang, per_row=4)
        st.caption(projection_data.record_sentence(ctx))


def _rollup(ctx: PageContext, week: Week, manager: str | None) -> None:
    """The roll-up company -> region -> manager -> rep, and the chosen manager's call entry."""
    empty.guarded(ctx, ctx.t("ru_title"), lambda: rollup_panel.show_rollup(ctx, week.monday))
    if manager:
        empty.guarded(
            ctx,
            ctx.t("ru_entry_title", manager=manager),
            lambda: rollup_panel.show_entry(ctx, manager, week.monday),
        )


def shown_table(ctx: PageContext, table: pd.DataFrame) -> pd.DataFrame:
    """The call's table as shown: with a filter down to one region, the company row would repeat
    the region's total and is left out (with several regions it is labelled as the selection's)."""
    filtered = bool(ctx.filters.regions or ctx.filters.reps)
    if filtered and int((table["level"] == "region").sum()) == 1:
        return table[table["level"] != "company"].reset_index(drop=True)
    return table


def _risky(ctx: PageContext, week: Week, reps: pd.DataFrame) -> None:
    """The slipped, stale and past-due deals of the filter at the week's snapshot."""
    names = {
        str(rep): str(name) if isinstance(name, str) and name else str(rep)
        for rep, name in zip(reps["scope"], reps.get("rep_name", reps["scope"]), strict=True)
    }
    deals = weekly_data.pipeline_deals_of_week(ctx, week)
    show_risky_deals(ctx, deals, names, week.monday.isoformat())


def _body(ctx: PageContext, week: Week, manager: str | None = None) -> None:
    table = weekly_data.week_table(ctx, week)
    reps = table[table["level"] == "rep"].reset_index(drop=True)
    if reps.empty:
        st.info(ctx.t("wk_no_reps", week=week.monday.isoformat()), icon=":material/filter_alt_off:")
        return
    company = table[table["level"] == "company"]
    company_row = company.iloc[0] if not company.empty else None
    inject_css()
    kpi_row(weekly_tiles.build(ctx, week, company_row), ctx.lang, per_row=4)
    empty.guarded(ctx, ctx.t("proj_kpi_p50"), lambda: _projection(ctx, week))
    empty.guarded(
        ctx,
        ctx.t("wk_missing_title", week=week.monday.isoformat(), n=""),
        lambda: show_missing(ctx, week),
    )

    st.subheader(ctx.t("wk_table_title"))
    st.caption(ctx.t("wk_table_caption", last=week.last.isoformat(), week=week.monday.isoformat()))
    show_weekly_table(
        ctx, shown_table(ctx, table), key="wk_table", file_name=f"weekly-call-{week.monday}"
    )
    empty.guarded(ctx, ctx.t("wk_list_title"), lambda: show_commit_list(ctx, week))
    empty.guarded(ctx, ctx.t("wd_title"), lambda: _risky(ctx, week, reps))
    _charts(ctx, reps, week)
    _rollup(ctx, week, manager)
    empty.guarded(ctx, ctx.t("wk_drill_pick"), lambda: _drills(ctx, table, week))
    empty.guarded(
        ctx,
        ctx.t("wk_unrealized_title", month=week.month_label),
        lambda: show_unrealized(ctx, week),
    )


def render() -> None:
    ctx = get_context()
    st.title(ctx.t("wk_title"))
    share.page_tools(ctx, "weekly")
    if ctx.is_empty():
        empty.empty_store(ctx)
        return
    today = clock_today()
    s = ctx.settings
    manager = rollup_panel.pick_manager(ctx)
    due = due_call_week(s.call_deadline_weekday, s.call_deadline_hour)
    options, default = week_options(weekly_data.call_weeks(ctx), due)
    if not options:
        st.info(
            f"**{ctx.t('wk_no_calls_title')}**  \n{ctx.t('wk_no_calls_body')}",
            icon=":material/call:",
        )
        st.page_link(
            "dashboard/pages/data.py", label=ctx.t("go_to_data"), icon=":material/database:"
        )
        return
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    with left:
        week = pick_week(ctx, options, default, today)
    m0 = ctx.settings.fiscal_year_start_month
    with right:
        st.caption(
            ctx.t(
                "wk_caption",
                week=week.monday.isoformat(),
                quarter=week.quarter_label(m0),
                n=week.week_of_quarter(m0),
            )
        )
    empty.guarded(ctx, ctx.t("wk_title"), lambda: _body(ctx, week, manager))


if __name__ == "__main__":
    render()
