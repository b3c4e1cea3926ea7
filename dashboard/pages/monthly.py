"""Monthly forecast review page: one review month, every rep, region and the company.

The month is picked on the page (kept in the URL as `month=YYYY-MM`); the options run over the
months with data, the default is the current month when the data is live, else the last month
with data. Snapshot-based numbers are read as of the month's last day (today for the current
month), so a past review shows the pipeline as it stood at that month's end.

Shown, for the sidebar's regions and reps: tiles with the company totals (M8, M14m, M9, M10,
M10c, M11s); the table by rep, region and company; the 12-month forecast against stretch by
review month (M8, 100% line); forecast accuracy by horizon (M7); pipeline coverage by close
month (M9, 150% line); pipeline and commit growth (M10, M10c, 5% and 10% lines); pipeline
quality against the month before (M11 components and M11s, with arrows); the deals behind the
pipeline numbers; the monthly action plan per rep, edited and saved here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from analytics.calendar import add_months, month_label, parse_month
from analytics.calendar import now as clock_now
from analytics.calendar import today as clock_today
from analytics.metrics.base import Scope
from analytics.metrics.pipeline import DealList
from dashboard.components import empty, monthly_charts, monthly_data, monthly_tiles, share
from dashboard.components.drill import Drill, drill_tabs
from dashboard.components.kpi import cell, inject_css, kpi_row, row_of
from dashboard.components.monthly_data import Month
from dashboard.components.monthly_plan import show_action_plans
from dashboard.components.monthly_table import show_quality_table, show_review_table
from dashboard.components.rebuilt import rebuilt_note
from dashboard.components.tables import show_table
from dashboard.context import PageContext, get_context

MONTH_KEY = "mo_month"
MONTH_PARAM = "month"
LAST_PICK = "_mo_last_pick"
DRILL_KEY = "mo_drill_scope"


def pick_month(ctx: PageContext, options: list[str], default: str, today: date) -> Month:
    """The month selectbox, seeded from the URL on first use; the pick goes back to the URL."""
    if st.session_state.get(MONTH_KEY) not in options:
        wanted = parse_month(st.query_params.get(MONTH_PARAM))
        remembered = st.session_state.get(LAST_PICK)
        candidates = [wanted, remembered, default]
        st.session_state[MONTH_KEY] = next(c for c in candidates if c in options)
    current = month_label(today)
    now = clock_now()

    def label(value: str) -> str:
        notes = [ctx.t("mo_this_month")] if value == current else []
        due = monthly_data.review_due(ctx, value)
        if due > now:
            notes.append(ctx.t("mo_not_due", due=due.strftime("%Y-%m-%d %H:%M")))
        return f"{value} ({', '.join(notes)})" if notes else value

    choice = st.selectbox(ctx.t("mo_month"), options=options, format_func=label, key=MONTH_KEY)
    st.session_state[LAST_PICK] = choice
    if st.query_params.get(MONTH_PARAM) != choice:
        st.query_params[MONTH_PARAM] = choice
    return Month.of(choice, today)


def _no_data(ctx: PageContext, title: str, what: str) -> None:
    st.markdown(f"**{title}**")
    st.caption(ctx.t("mo_no_data", what=what))


def _has_values(frame: pd.DataFrame, column: str = "value") -> bool:
    return column in frame.columns and bool(frame[column].notna().any())


def _chart_m8(ctx: PageContext, month: Month) -> None:
    frame = monthly_data.cover_trend(ctx, month)
    title = ctx.t("mo_chart_m8")
    if not _has_values(frame):
        _no_data(ctx, title, ctx.t("mo_no_forecasts", month=month.label))
        return
    fig = monthly_charts.period_bars_figure(
        frame,
        "M8",
        ctx.settings.thresholds,
        ctx.lang,
        title=title,
        x_title=ctx.t("mo_axis_review_month"),
    )
    st.plotly_chart(fig, key="mo_chart_m8", width="stretch")


def _chart_m8_months(ctx: PageContext, month: Month) -> None:
    frame = monthly_data.twelve_month_profile(ctx, month)
    if not _has_values(frame, "forecast"):
        _no_data(
            ctx, ctx.t("mo_chart_m8_months_empty"), ctx.t("mo_no_forecasts", month=month.label)
        )
        return
    # the cover in the title is the M8 tile's number (same row), never a sum made here
    m8 = row_of(monthly_data.twelve_month_cover(ctx, month), month.label)
    cover = cell(m8, "value")
    title = (
        ctx.t("mo_chart_m8_months", month=month.label, cover=ctx.pct(cover))
        if cover is not None
        else ctx.t("mo_chart_m8_months_nocover", month=month.label)
    )
    fig = monthly_charts.twelve_month_figure(
        frame,
        ctx.settings.currency_label,
        ctx.lang,
        title=title,
        labels={
            "forecast": ctx.t("mo_series_forecast"),
            "upside": ctx.t("mo_series_upside"),
            "stretch": ctx.t("mo_series_stretch"),
            "missing": ctx.t("mo_series_no_forecast"),
        },
    )
    st.plotly_chart(fig, key="mo_chart_m8_months", width="stretch")
    gaps = frame.loc[frame["forecast"].isna(), "month"].astype(str).tolist()
    if m8 is None and gaps:
        st.caption(ctx.t("mo_m8_months_latest", month=month.label, missing=", ".join(gaps)))


def _no_snapshot(ctx: PageContext, month: Month) -> str:
    """Why a snapshot-based number of the month is missing: no snapshot in the month yet (the
    latest belongs to an earlier month), or none recent enough at all."""
    latest = monthly_data.latest_snapshot(ctx, month)
    if latest is not None and latest < month.start:
        return ctx.t(
            "mo_no_snapshot_in_month",
            month=month.label,
            date=str(latest),
            previous=month_label(latest),
        )
    return ctx.t("mo_no_snapshot", days=ctx.settings.snapshot_max_age_days, date=str(month.as_of))


def _chart_m7(ctx: PageContext, month: Month) -> None:
    frame = monthly_data.accuracy_by_horizon(ctx, month)
    if "scope" in frame.columns:
        frame = frame[frame["scope"] == "company"].reset_index(drop=True)
    first = add_months(month.label, 1 - monthly_data.TREND_MONTHS)
    title = ctx.t("mo_chart_m7", first=first, last=month.label)
    if not _has_values(frame):
        _no_data(ctx, title, ctx.t("mo_no_actuals", month=month.label))
        return
    fig = monthly_charts.horizon_figure(frame, ctx.lang, title=title)
    st.plotly_chart(fig, key="mo_chart_m7", width="stretch")
    with st.expander(ctx.t("mo_m7_table"), icon=":material/table_rows:"):
        columns = ["horizon", "actual", "forecast", "value", "ape", "bias", "rep_months"]
        names = ["horizon", "actual", "forecast", "accuracy", "ape", "bias", "rep_months"]
        table = frame[[c for c in columns if c in frame.columns]]
        table = table.rename(columns=dict(zip(columns, names, strict=True)))
        col = st.column_config
        show_table(
            table,
            key="mo_m7_table",
            file_name=f"forecast-accuracy-{month.label}",
            lang=ctx.lang,
            column_config={
                "horizon": col.NumberColumn(ctx.t("mo_m7_horizon"), format="%d"),
                "actual": col.NumberColumn(ctx.t("mo_m7_actual"), format="localized"),
                "forecast": col.NumberColumn(ctx.t("mo_m7_forecast"), format="localized"),
                "accuracy": col.NumberColumn(ctx.t("mo_m7_accuracy"), format="percent"),
                "ape": col.NumberColumn(ctx.t("mo_m7_ape"), format="percent"),
                "bias": col.NumberColumn(ctx.t("mo_m7_bias"), format="localized"),
                "rep_months": col.NumberColumn(ctx.t("mo_m7_rep_months"), format="%d"),
            },
        )


def _chart_m9(ctx: PageContext, month: Month) -> None:
    frame = monthly_data.coverage_by_month(ctx, month)
    snapshot = monthly_data.snapshot_of(frame)
    title = ctx.t("mo_chart_m9", date=str(snapshot or month.as_of))
    if not _has_values(frame):
        _no_data(ctx, title, _no_snapshot(ctx, month))
        return
    fig = monthly_charts.period_bars_figure(
        frame, "M9", ctx.settings.thresholds, ctx.lang, title=title, x_title=ctx.t("mo_axis_month")
    )
    st.plotly_chart(fig, key="mo_chart_m9", width="stretch")


def _chart_m10(ctx: PageContext, month: Month) -> None:
    pipeline = monthly_data.growth_trend(ctx, month, "M10")
    commit = monthly_data.growth_trend(ctx, month, "M10c")
    title = ctx.t("mo_chart_m10")
    if not (_has_values(pipeline) or _has_values(commit)):
        _no_data(ctx, title, _no_snapshot(ctx, month))
        return
    fig = monthly_charts.growth_figure(
        pipeline, commit, ctx.settings.thresholds, ctx.lang, title=title
    )
    st.plotly_chart(fig, key="mo_chart_m10", width="stretch")


def _quality(ctx: PageContext, month: Month) -> None:
    st.subheader(ctx.t("mo_quality_title", month=month.label))
    components = monthly_data.quality(ctx, month)
    if components.empty:
        st.caption(ctx.t("mo_no_data", what=_no_snapshot(ctx, month)))
        return
    # the month's numbers read the snapshot as of its end, which may be up to max-age days older
    max_age = timedelta(days=ctx.settings.snapshot_max_age_days)
    rebuilt_note(ctx, month.start - max_age, month.as_of)
    row = components.iloc[-1]
    score = monthly_data.quality_score(ctx, month)
    st.caption(
        ctx.t(
            "mo_quality_caption",
            date=str(monthly_data.snapshot_of(components) or ""),
            previous=str(monthly_data.snapshot_of(components, "prev_snapshot_date") or "–"),
        )
    )
    show_quality_table(
        ctx, row, score.iloc[-1] if not score.empty else None, key="mo_quality_table"
    )


def _scope_label(ctx: PageContext, row: pd.Series) -> str:
    if row["level"] == "company":
        return ctx.t("mo_scope_company")
    if row["level"] == "region":
        return ctx.t("mo_scope_region", region=str(row["scope"]))
    name = row.get("rep_name")
    return f"{name} ({row['scope']})" if isinstance(name, str) and name else str(row["scope"])


def _drills(ctx: PageContext, table: pd.DataFrame, month: Month) -> None:
    """Pick the company, a region or a rep and see the open, slipped, stale and past-due deals."""
    labels = {f"{r['level']}|{r['scope']}": _scope_label(ctx, r) for _, r in table.iterrows()}
    keys = list(labels)
    choices = sorted(keys, key=lambda k: (not k.startswith("company|"), keys.index(k)))
    if st.session_state.get(DRILL_KEY) not in choices:
        st.session_state[DRILL_KEY] = choices[0]
    picked = st.selectbox(
        ctx.t("mo_drill_pick"), options=choices, format_func=labels.__getitem__, key=DRILL_KEY
    )
    level_text, scope = picked.split("|", 1)
    level: Scope = (
        "company" if level_text == "company" else "region" if level_text == "region" else "rep"
    )
    lists: tuple[tuple[DealList, str], ...] = (
        ("all", "mo_drill_open"),
        ("slipped", "mo_drill_slipped"),
        ("stale", "mo_drill_stale"),
        ("past_due", "mo_drill_past_due"),
    )

    def loader(kind: DealList) -> Callable[[], pd.DataFrame]:
        return lambda: monthly_data.deals(ctx, month, kind, level, scope)

    drills = [Drill(ctx.t(text_key), loader(kind), f"mo_drill_{kind}") for kind, text_key in lists]
    drill_tabs(ctx, drills, title=ctx.t("mo_drill_title", scope=labels[picked]))


def _body(ctx: PageContext, month: Month) -> None:
    inject_css()
    kpi_row(monthly_tiles.build(ctx, month), ctx.lang, per_row=3)

    table: pd.DataFrame | None = None

    def review() -> None:
        nonlocal table
        st.subheader(ctx.t("mo_table_title"))
        st.caption(ctx.t("mo_table_caption", month=month.label, date=str(month.as_of)))
        table = monthly_data.review_table(ctx, month)
        if table.empty or not (table["level"] == "rep").any():
            empty.empty_filter(ctx)
            return
        show_review_table(ctx, table, key="mo_table", file_name=f"monthly-review-{month.label}")

    empty.guarded(ctx, ctx.t("mo_table_title"), review)
    empty.guarded(ctx, "M8", lambda: _chart_m8_months(ctx, month))
    left, right = st.columns(2)
    with left:
        empty.guarded(ctx, ctx.t("mo_chart_m8"), lambda: _chart_m8(ctx, month))
    with right:
        empty.guarded(ctx, "M7", lambda: _chart_m7(ctx, month))
    left, right = st.columns(2)
    with left:
        empty.guarded(ctx, "M9", lambda: _chart_m9(ctx, month))
    with right:
        empty.guarded(ctx, ctx.t("mo_chart_m10"), lambda: _chart_m10(ctx, month))
    empty.guarded(ctx, "M11", lambda: _quality(ctx, month))
    if table is not None and not table.empty:
        review_rows = table
        empty.guarded(ctx, ctx.t("mo_drill_pick"), lambda: _drills(ctx, review_rows, month))
    empty.guarded(
        ctx, ctx.t("mo_plan_title", month=month.label), lambda: show_action_plans(ctx, month)
    )


def render() -> None:
    ctx = get_context()
    st.title(ctx.t("mo_title"))
    share.page_tools(ctx, "monthly")
    if ctx.is_empty():
        empty.empty_store(ctx)
        return
    today = clock_today()
    options, default = monthly_data.month_options(ctx, today)
    if not options or default is None:
        empty.empty_filter(ctx)
        return
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    with left:
        month = pick_month(ctx, options, default, today)
    with right:
        st.caption(ctx.t("mo_caption", month=month.label, date=str(month.as_of)))
    _body(ctx, month)


if __name__ == "__main__":
    render()
