"""Pipeline page: the stage distribution, the M12 waterfall, the M11 deal lists and M15 calibration.

The page reads its picks (as-of snapshot s1, comparison snapshot s0, close-date window; kept in
the URL as s1, s0, win) and the sidebar's regions and reps, asks analytics for each frame
(dashboard/components/pipeline_data.py) and draws it (pipeline_charts.py, pipeline_tables.py).
Sections: the deals of s1 closing in the window by ladder stage and forecast category; the
waterfall from s0 to s1 for the window, with the deals behind each step; the slipped, stale and
past-due deals of s1; stage calibration over every snapshot up to s1 with the Brier score.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.metrics.pipeline import DealList
from analytics.metrics.waterfall import STEPS
from dashboard import data
from dashboard.components import empty, pipeline_data, share
from dashboard.components.pipeline_charts import (
    calibration_figure,
    stage_distribution_figure,
    waterfall_figure,
)
from dashboard.components.pipeline_picks import Picks, render_picks
from dashboard.components.pipeline_tables import (
    CALIBRATION,
    PAST_DUE,
    SLIPPED,
    STAGE_DEALS,
    STALE,
    WATERFALL_DEALS,
    by_amount,
    deal_table,
)
from dashboard.components.rebuilt import rebuilt_note
from dashboard.context import PageContext, get_context


def rep_names(ctx: PageContext) -> dict[str, str]:
    """Rep id -> name (the id when the rep has no name), for the deal tables."""
    directory = data.rep_directory(ctx.store, ctx.key)
    return {
        str(rep): (name if isinstance(name, str) and name.strip() else str(rep))
        for rep, name in zip(directory["rep"], directory["name"], strict=True)
    }


def _window_text(picks: Picks) -> str:
    return picks.window.short()


def stage_section(ctx: PageContext, picks: Picks) -> None:
    st.subheader(ctx.t("pl_stage_title"))
    frame = empty.guarded(
        ctx, ctx.t("pl_stage_title"), lambda: pipeline_data.stage_mix(ctx, picks.s1, picks.window)
    )
    if frame is None:
        return
    if frame.empty:
        empty.empty_filter(ctx, "pl_empty_what_snapshot")
        return
    title = ctx.t("pl_stage_chart_title", date=picks.s1.isoformat(), window=_window_text(picks))
    fig = stage_distribution_figure(frame, ctx.lang, ctx.currency, title=title)
    st.plotly_chart(fig, key="pl_stage_chart", width="stretch")
    st.caption(ctx.t("pl_stage_caption"))


def waterfall_section(ctx: PageContext, picks: Picks) -> None:
    st.subheader(ctx.t("pl_waterfall_title"))
    if picks.s0 is None:
        key = "pl_one_snapshot" if picks.only_snapshot else "pl_no_earlier"
        st.info(ctx.t(key, date=picks.s1.isoformat()), icon=":material/info:")
        return
    result = empty.guarded(ctx, "M12", lambda: pipeline_data.waterfall(ctx, picks))
    if result is None:
        return
    if not result.available:
        st.info(
            ctx.t("pl_waterfall_unavailable", days=ctx.settings.snapshot_max_age_days),
            icon=":material/event_busy:",
        )
        return
    floats = {step: None if v is None else float(v) for step, v in result.amounts.items()}
    title = ctx.t(
        "pl_waterfall_chart_title",
        s0=picks.s0.isoformat(),
        s1=picks.s1.isoformat(),
        window=_window_text(picks),
    )
    fig = waterfall_figure(floats, ctx.lang, ctx.currency, title=title)
    rebuilt_note(ctx, picks.s0, picks.s1)
    st.plotly_chart(fig, key="pl_waterfall_chart", width="stretch")
    st.caption(ctx.t("pl_waterfall_caption", s0=picks.s0.isoformat(), s1=picks.s1.isoformat()))
    if result.reconciles():
        start, end = floats.get("start"), floats.get("end")
        moves = None if start is None or end is None else end - start
        st.caption(
            ":material/check_circle: "
            + ctx.t(
                "pl_reconciles",
                start=ctx.money(start, compact=False, markdown=True),
                moves=("+" if (moves or 0) >= 0 else "")
                + ctx.money(moves, compact=False, markdown=True),
                end=ctx.money(end, compact=False, markdown=True),
            )
        )
    else:
        st.warning(
            ctx.t(
                "pl_not_reconciled", end=ctx.money(floats.get("end"), compact=False, markdown=True)
            )
        )


def _steps_of(deals: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The deal rows of each step, in the order of the bars (steps without deals included)."""
    return [(step, deals[deals["step"] == step]) for step in STEPS]


def waterfall_drill(ctx: PageContext, picks: Picks) -> None:
    if picks.s0 is None:
        return
    with st.expander(ctx.t("pl_waterfall_drill"), icon=":material/table_rows:"):
        deals = empty.guarded(ctx, "M12", lambda: pipeline_data.waterfall_deals(ctx, picks))
        if deals is None:
            return
        parts = _steps_of(deals)
        labels = [
            ctx.t("pl_step_tab", step=ctx.t(f"pl_step_{step}"), n=ctx.number(len(part)))
            for step, part in parts
        ]
        for tab, (step, part) in zip(st.tabs(labels), parts, strict=True):
            with tab:
                deal_table(
                    part,
                    WATERFALL_DEALS,
                    key=f"pl_wf_{step}",
                    file_name=f"waterfall_{step}_{picks.s0}_{picks.s1}",
                    lang=ctx.lang,
                    currency=ctx.currency,
                    names=rep_names(ctx),
                )


def stage_drill(ctx: PageContext, picks: Picks) -> None:
    with st.expander(ctx.t("pl_stage_drill"), icon=":material/table_rows:"):
        deals = empty.guarded(
            ctx,
            ctx.t("pl_stage_title"),
            lambda: pipeline_data.stage_mix_deals(ctx, picks.s1, picks.window),
        )
        if deals is not None:
            deal_table(
                deals,
                STAGE_DEALS,
                key="pl_stage_deals",
                file_name=f"pipeline_by_stage_{picks.s1}",
                lang=ctx.lang,
                currency=ctx.currency,
                names=rep_names(ctx),
            )


def _deal_list(ctx: PageContext, kind: DealList, picks: Picks) -> pd.DataFrame | None:
    return empty.guarded(ctx, "M11", lambda: pipeline_data.deal_list(ctx, kind, picks.s1))


def lists_section(ctx: PageContext, picks: Picks) -> None:
    st.subheader(ctx.t("pl_lists_title"))
    st.caption(ctx.t("pl_lists_caption", date=picks.s1.isoformat()))
    rebuilt_note(ctx, picks.s1, picks.s1)
    kinds: tuple[DealList, ...] = ("slipped", "stale", "past_due")
    lists = {kind: _deal_list(ctx, kind, picks) for kind in kinds}
    loaded = {k: v for k, v in lists.items() if v is not None}
    if not loaded:
        return
    columns = {"slipped": SLIPPED, "stale": STALE, "past_due": PAST_DUE}
    helps = {
        "slipped": ctx.t("pl_slipped_help"),
        "stale": ctx.t("pl_stale_help", n=ctx.settings.thresholds.m11_stale_snapshots),
        "past_due": ctx.t("pl_past_due_help"),
    }
    labels = [ctx.t(f"pl_tab_{kind}", n=ctx.number(len(frame))) for kind, frame in loaded.items()]
    for tab, (kind, frame) in zip(st.tabs(labels), loaded.items(), strict=True):
        with tab:
            st.caption(helps[kind])
            deal_table(
                by_amount(frame),
                columns[kind],
                key=f"pl_list_{kind}",
                file_name=f"{kind}_deals_{picks.s1}",
                lang=ctx.lang,
                currency=ctx.currency,
                names=rep_names(ctx),
            )


def calibration_section(ctx: PageContext, picks: Picks) -> None:
    st.subheader(ctx.t("pl_calibration_title"))
    frame = empty.guarded(ctx, "M15", lambda: pipeline_data.calibration(ctx, picks.s1))
    if frame is None:
        return
    is_brier = frame["stage"].astype(str) == "brier"
    stages = frame[~is_brier].copy()
    brier = frame.loc[is_brier, "win_rate"]
    brier_value = None if brier.empty or pd.isna(brier.iloc[0]) else float(brier.iloc[0])
    if stages.empty or not (stages["observations"] > 0).any():
        st.info(ctx.t("pl_no_outcomes"), icon=":material/hourglass_empty:")
        return
    stages["stage"] = pd.to_numeric(stages["stage"])
    chart, side = st.columns([3, 1])
    with chart:
        fig = calibration_figure(stages, ctx.lang, title=ctx.t("pl_calibration_chart_title"))
        st.plotly_chart(fig, key="pl_calibration_chart", width="stretch")
    with side:
        st.metric(ctx.t("pl_brier"), ctx.number(brier_value, 3))
        st.caption(ctx.t("pl_brier_help"))
        st.caption(ctx.t("pl_calibration_caption"))
    deal_table(
        stages,
        CALIBRATION,
        key="pl_calibration_table",
        file_name=f"stage_calibration_{picks.s1}",
        lang=ctx.lang,
        currency=ctx.currency,
    )


def render() -> None:
    ctx = get_context()
    st.title(ctx.t("page_pipeline"))
    share.page_tools(ctx, "pipeline")
    if ctx.is_empty():
        empty.empty_store(ctx)
        return
    st.caption(ctx.t("pl_caption"))
    snapshots = empty.guarded(ctx, "snapshots", lambda: pipeline_data.snapshot_dates(ctx))
    if snapshots is None:
        return
    if not snapshots:
        st.info(ctx.t("pl_no_snapshots"), icon=":material/upload_file:")
        st.page_link(
            "dashboard/pages/data.py", label=ctx.t("go_to_data"), icon=":material/database:"
        )
        return
    picks = render_picks(snapshots, ctx.settings.fiscal_year_start_month, ctx.lang)
    stage_section(ctx, picks)
    stage_drill(ctx, picks)
    waterfall_section(ctx, picks)
    waterfall_drill(ctx, picks)
    lists_section(ctx, picks)
    calibration_section(ctx, picks)


if __name__ == "__main__":
    render()
