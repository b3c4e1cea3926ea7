"""Team page: the A/B/C/D rep matrix (M16) and one rep's trends (M1, M18, M14, pipeline, M17).

Over the sidebar's regions, reps and month range the page draws every rep as a point of culture
(forecast discipline, x) against performance (attainment, y) with the thresholds of the settings,
lists the reps with their group, and for the rep picked (kept in the URL as `focus=`) shows the
group, attainment, discipline and sales velocity against its region, then the trends: commit
accuracy by week with the accurate band, attainment by month with the 100% line, calls on time
by month, open pipeline by snapshot and sales velocity by month beside the region's. Under the
trends: the numbers behind them, the rep's bookings and open deals.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analytics.settings import Thresholds
from dashboard.components import charts, empty, share, team_data
from dashboard.components.bands import BADGE_COLORS, NO_THRESHOLD, Band
from dashboard.components.formats import Kind, formatted
from dashboard.components.kpi import Row, TileSpec, build_tiles, cell, inject_css, kpi_row
from dashboard.components.pipeline_tables import OPEN, by_amount, deal_table
from dashboard.components.tables import escape_markdown, show_table
from dashboard.components.team_charts import (
    GROUP_LEVEL,
    attainment_figure,
    discipline_figure,
    matrix_figure,
    pipeline_trend_figure,
    velocity_figure,
)
from dashboard.components.team_focus import render_focus, rep_label, seed_focus
from dashboard.components.team_tables import matrix_table, trend_table
from dashboard.context import PageContext, get_context


def _last(frame: pd.DataFrame | None) -> pd.Series | None:
    if frame is None or frame.empty:
        return None
    return frame.iloc[-1]


def one_value(frame: pd.DataFrame, column: str = "value") -> float | None:
    """The value every period shares (a flat chart), None when they differ or there are none."""
    values = frame[column].dropna() if column in frame.columns else pd.Series(dtype=float)
    if len(values) < 2 or values.nunique() != 1:
        return None
    return float(values.iloc[0])


def matrix_section(ctx: PageContext, reps: pd.DataFrame, focus: str | None) -> pd.DataFrame:
    """The quadrant chart, the group legend and the table; returns the matrix with names."""
    st.subheader(ctx.t("tm_matrix_title"))
    frame = empty.guarded(ctx, "M16", lambda: team_data.matrix(ctx))
    if frame is None:
        return pd.DataFrame()
    frame = frame[frame["scope"].isin(reps["rep"])].copy()
    frame = frame.merge(
        reps.rename(columns={"rep": "scope"}), on="scope", how="left", validate="one_to_one"
    )
    frame["label"] = [
        str(n) if isinstance(n, str) and n.strip() else str(s)
        for s, n in zip(frame["scope"], frame["name"], strict=True)
    ]
    if frame.empty:
        st.info(ctx.t("tm_no_reps"), icon=":material/filter_alt_off:")
        return frame
    fig = matrix_figure(
        frame,
        ctx.settings.thresholds,
        ctx.lang,
        title=ctx.t("tm_matrix_chart_title"),
        focus=focus,
    )
    st.plotly_chart(fig, key="tm_matrix_chart", width="stretch")
    # the reps of each quadrant, listed under the chart (names on the chart are on hover)
    for group, column in zip(("A", "B", "C", "D"), st.columns(4), strict=True):
        members = frame.loc[frame["group"] == group, "label"].tolist()
        count = (
            ctx.t("tm_group_count_one")
            if len(members) == 1
            else ctx.t("tm_group_count", n=len(members))
        )
        with column, st.container(border=True, key=f"tm_group_{group}"):
            st.badge(
                f"{group} · {count}",
                color=BADGE_COLORS[GROUP_LEVEL[group]],  # type: ignore[arg-type]
            )
            st.caption(ctx.t(f"tm_meaning_{group.lower()}"))
            if members:
                st.caption(escape_markdown(", ".join(sorted(members))))
    st.caption(ctx.t("tm_discipline_help"))
    st.markdown(f"**{ctx.t('tm_reps_title')}**")
    matrix_table(frame, ctx.lang, ctx.currency)
    return frame


GROUP_NONE = Band("none", "tm_meaning_none")


def _group_band(row: Row, value: float | None, th: Thresholds, status: str | None) -> Band:
    group = row["group"] if row is not None and isinstance(row["group"], str) else None
    return Band(GROUP_LEVEL[group], f"tm_badge_{group.lower()}") if group else GROUP_NONE


def _no_threshold(row: Row, value: float | None, th: Thresholds, status: str | None) -> Band:
    return NO_THRESHOLD


# The rep picked: group, attainment and discipline from the matrix row, velocity (rep and region).
FOCUS_TILES: tuple[TileSpec, ...] = (
    TileSpec("group", "M16", "tm_kpi_group", value="group", fmt="text", band=_group_band),
    TileSpec(
        "attainment",
        "M18",
        "tm_kpi_attainment",
        value="attainment",
        status=None,
        caption="sub_actual_of",
        fields=(("actual", "actual", "money"), ("target", "target", "money")),
    ),
    TileSpec(
        "discipline",
        "M1h",
        "tm_kpi_discipline",
        "tm_discipline_help",
        value="discipline",
        status=None,
    ),
    TileSpec(
        "velocity",
        "M17",
        "tm_kpi_velocity",
        "tm_help_velocity",
        source="velocity",
        fmt="per_day",
        band=_no_threshold,
        caption="tm_kpi_velocity_region",
        fields=(("value", "region_value", "per_day"),),
    ),
)


def focus_kpis(ctx: PageContext, rep: str, region: str, row: pd.Series | None) -> None:
    """Group, attainment, discipline and velocity (rep and region) of the rep picked."""

    def velocity() -> pd.Series:
        rep_v = empty.guarded(ctx, "M17", lambda: team_data.velocity(ctx, rep))
        region_v = empty.guarded(ctx, "M17", lambda: team_data.region_velocity(ctx, region))
        return pd.Series(
            {
                "value": cell(_last(rep_v), "value"),
                "region_value": cell(_last(region_v), "value"),
            }
        )

    tiles = build_tiles(ctx, FOCUS_TILES, {"row": lambda: row, "velocity": velocity}, region=region)
    kpi_row(tiles, ctx.lang, per_row=4)


def _trend(
    ctx: PageContext, what: str, load: Callable[[], pd.DataFrame], what_key: str
) -> pd.DataFrame | None:
    frame = empty.guarded(ctx, what, load)
    if frame is not None and frame.empty:
        st.info(ctx.t("tm_no_trend", what=ctx.t(what_key)), icon=":material/filter_alt_off:")
        return None
    return frame


def trends_section(ctx: PageContext, rep: str, region: str, name: str) -> dict[str, pd.DataFrame]:
    """The five trend charts in a grid; returns the frames drawn (for the numbers behind them)."""
    th = ctx.settings.thresholds
    drawn: dict[str, pd.DataFrame] = {}
    top_left, top_right = st.columns(2)
    with top_left:
        frame = _trend(ctx, "M1", lambda: team_data.accuracy(ctx, rep), "tm_what_calls")
        if frame is not None:
            fig = charts.commit_accuracy_figure(frame, th, ctx.lang)
            fig.update_layout(title_text=ctx.t("tm_chart_accuracy"))
            fig.update_xaxes(tickformat="%Y-%m", hoverformat="%Y-%m-%d", nticks=7)
            charts.localize_date_axes(fig, ctx.lang)
            st.plotly_chart(fig, key="tm_accuracy_chart", width="stretch")
            drawn["accuracy"] = frame
    with top_right:
        frame = _trend(ctx, "M18", lambda: team_data.attainment(ctx, rep), "tm_what_targets")
        if frame is not None:
            fig = attainment_figure(frame, th, ctx.lang, title=ctx.t("tm_chart_attainment"))
            st.plotly_chart(fig, key="tm_attainment_chart", width="stretch")
            drawn["attainment"] = frame
    mid_left, mid_right = st.columns(2)
    with mid_left:
        frame = _trend(ctx, "M14", lambda: team_data.discipline(ctx, rep), "tm_what_expected")
        if frame is not None:
            same = one_value(frame)
            if same is not None:
                # a row of equal bars carries no information: one sentence says it
                st.markdown(f"**{ctx.t('tm_chart_discipline')}**")
                st.caption(
                    ctx.t(
                        "tm_flat_discipline",
                        value=ctx.pct(same, 0),
                        first=str(frame["period"].iloc[0]),
                        last=str(frame["period"].iloc[-1]),
                    )
                )
            else:
                fig = discipline_figure(frame, th, ctx.lang, title=ctx.t("tm_chart_discipline"))
                st.plotly_chart(fig, key="tm_discipline_chart", width="stretch")
            drawn["discipline"] = frame
    with mid_right:
        frame = _trend(
            ctx,
            ctx.t("tm_chart_pipeline"),
            lambda: team_data.pipeline(ctx, rep),
            "tm_what_snapshots",
        )
        if frame is not None:
            fig = pipeline_trend_figure(
                frame, ctx.lang, ctx.currency, title=ctx.t("tm_chart_pipeline")
            )
            st.plotly_chart(fig, key="tm_pipeline_chart", width="stretch")
            drawn["pipeline"] = frame
    rep_v = empty.guarded(ctx, "M17", lambda: team_data.velocity(ctx, rep))
    region_v = empty.guarded(ctx, "M17", lambda: team_data.region_velocity(ctx, region))
    if rep_v is not None and region_v is not None:
        if rep_v["value"].notna().any() or region_v["value"].notna().any():
            fig = velocity_figure(
                (name, rep_v),
                (ctx.t("tm_focus_region", region=region), region_v),
                ctx.lang,
                ctx.currency,
                title=ctx.t("tm_chart_velocity"),
            )
            st.plotly_chart(fig, key="tm_velocity_chart", width="stretch")
        else:
            st.info(ctx.t("tm_no_trend", what=ctx.t("tm_what_velocity")), icon=":material/speed:")
        drawn["velocity"] = pd.concat([rep_v, region_v], ignore_index=True)
    return drawn


def behind_section(ctx: PageContext, rep: str, name: str, drawn: dict[str, pd.DataFrame]) -> None:
    """The numbers behind the trends, the rep's bookings and open deals, each downloadable."""
    with st.expander(ctx.t("tm_trend_data"), icon=":material/table_rows:"):
        keys = [
            k
            for k in ("accuracy", "attainment", "discipline", "pipeline", "velocity")
            if k in drawn
        ]
        if keys:
            for tab, key in zip(st.tabs([ctx.t(f"tm_tab_{k}") for k in keys]), keys, strict=True):
                with tab:
                    trend_table(
                        drawn[key],
                        key=f"tm_trend_{key}",
                        file_name=f"{key}_{rep}",
                        lang=ctx.lang,
                        currency=ctx.currency,
                        trend=key,
                    )
    with st.expander(
        ctx.t("tm_drill_bookings", name=escape_markdown(name)), icon=":material/receipt_long:"
    ):
        orders = empty.guarded(ctx, "M18", lambda: team_data.bookings(ctx, rep))
        if orders is not None:
            money: dict[str, Kind] = {c: "money" for c in orders.columns if "amount" in str(c)}
            show_table(
                formatted(orders, money, ctx.lang, ctx.currency),
                key="tm_bookings",
                file_name=f"bookings_{rep}",
                lang=ctx.lang,
                numbers=orders,
            )
    as_of = team_data.latest_snapshot(ctx)
    title = ctx.t(
        "tm_drill_pipeline", name=escape_markdown(name), date=as_of.isoformat() if as_of else "–"
    )
    with st.expander(title, icon=":material/filter_alt:"):
        deals = empty.guarded(ctx, "M11", lambda: team_data.open_deals(ctx, rep, as_of))
        if deals is not None:
            deal_table(
                by_amount(deals),
                ("opportunity_id", "opportunity_name", "account", *OPEN),
                key="tm_open_deals",
                file_name=f"open_deals_{rep}",
                lang=ctx.lang,
                currency=ctx.currency,
            )


def render() -> None:
    ctx = get_context()
    st.title(ctx.t("page_team"))
    share.page_tools(ctx, "team")
    if ctx.is_empty():
        empty.empty_store(ctx)
        return
    first, last = team_data.range_label(ctx)
    st.caption(ctx.t("tm_caption", first=first, last=last))
    inject_css()
    reps = team_data.directory(ctx)
    if reps.empty:
        empty.empty_filter(ctx)
        return
    labels = {str(r): rep_label(str(r), n) for r, n in zip(reps["rep"], reps["name"], strict=True)}
    focus = seed_focus(list(labels), ctx.filters.reps)
    frame = matrix_section(ctx, reps, focus)
    st.divider()
    rep = render_focus(list(labels), labels, ctx.filters.reps, ctx.lang)
    if rep is None:
        return
    region = str(reps.loc[reps["rep"] == rep, "region"].iloc[0])
    name = labels[rep]
    st.subheader(ctx.t("tm_focus_title", name=escape_markdown(name)))
    match = frame[frame["scope"] == rep] if not frame.empty else frame
    row = match.iloc[0] if not match.empty else None
    focus_kpis(ctx, rep, region, row)
    drawn = trends_section(ctx, rep, region, name)
    behind_section(ctx, rep, name, drawn)


if __name__ == "__main__":
    render()
