"""Target plan page (目标分解): the annual target split to regions, tiers, months and reps.

The manager enters the fiscal year, the annual total and the stretch (kept in the URL as `fy`,
`total`, `stretch`, `season`, `split`), adjusts the region, tier and month weights in editable
tables (prefilled with the shares of the last twelve complete months' bookings), and sees the
result: a region × month heat table, the plan by month against last year's bookings, and every
rep's targets. The file downloads as the targets file of the data contract, and saves as one
versioned load (confirming first when targets of those months are stored). Every number comes
from analytics.planning; this page only gathers the inputs and draws.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import planning
from analytics.calendar import add_months_to, fiscal_year, month_label
from analytics.calendar import today as clock_today
from analytics.errors import ForecastDeskError
from dashboard import data
from dashboard.components import empty
from dashboard.components.charts import base_layout, money_axis
from dashboard.components.tables import escape_markdown
from dashboard.context import PageContext, get_context
from dashboard.labels import value_label

SEASONS = ("history", "flat")
SPLITS = ("equal", "history")


def _param(name: str, default: str) -> str:
    value = st.query_params.get(name)
    return str(value) if value else default


def _remember(**values: object) -> None:
    """Keep the inputs in the URL so that a copied link opens the same plan."""
    for name, value in values.items():
        if st.query_params.get(name) != str(value):
            st.query_params[name] = str(value)


def _choice(
    ctx: PageContext, label_key: str, param: str, options: tuple[str, ...], text_prefix: str
) -> str:
    """A radio whose first pick comes from the URL parameter `param` (else the first option)."""
    wanted = _param(param, options[0])
    choice: str = st.radio(
        ctx.t(label_key),
        options=options,
        index=options.index(wanted) if wanted in options else 0,
        format_func=lambda s: ctx.t(f"{text_prefix}{s}"),
        key=f"tp_{param}",
    )
    return choice


def _inputs(ctx: PageContext, history: planning.PlanHistory) -> dict[str, Any]:
    m0 = ctx.settings.fiscal_year_start_month
    this_fy = fiscal_year(clock_today(), m0)
    years = [this_fy + 1, this_fy]
    past_total = float(history.bookings["amount"].sum())
    default_total = round(past_total * (1 + ctx.settings.plan_stretch), -4) or 1_000_000.0
    try:
        fy_default = planning.parse_fiscal_year(_param("fy", str(this_fy + 1)))
        total_default = float(_param("total", str(default_total)))
        stretch_default = float(_param("stretch", str(ctx.settings.plan_stretch)))
    except (ForecastDeskError, ValueError):
        fy_default, total_default, stretch_default = this_fy + 1, default_total, 0.1
    if fy_default not in years:
        years.append(fy_default)
    c1, c2, c3, c4, c5 = st.columns([1, 2, 1, 1.4, 1.4])
    fy = c1.selectbox(
        ctx.t("tp_fiscal_year"),
        options=years,
        index=years.index(fy_default),
        format_func=lambda y: str(value_label(f"FY{y}", ctx.lang)),
        key="tp_fy",
    )
    total = c2.number_input(
        ctx.t("tp_total"),
        min_value=0.01,
        value=max(total_default, 0.01),
        step=1_000_000.0,
        format="%.2f",
        help=ctx.t("tp_total_help"),
        key="tp_total",
    )
    stretch_pct = c3.number_input(
        ctx.t("tp_stretch"),
        min_value=0.0,
        max_value=1000.0,
        value=round(stretch_default * 100, 4),
        step=1.0,
        help=ctx.t("tp_stretch_help"),
        key="tp_stretch",
    )
    with c4:
        season = _choice(ctx, "tp_season", "season", SEASONS, "tp_season_")
    with c5:
        split = _choice(ctx, "tp_rep_split", "split", SPLITS, "tp_rep_")
    _remember(fy=f"FY{fy}", total=f"{total:.2f}", stretch=f"{stretch_pct / 100:g}")
    _remember(season=season, split=split)
    return {"fy": int(fy), "total": total, "stretch": stretch_pct / 100, "season": season,
            "split": split}  # fmt: skip


def _weights(
    ctx: PageContext, history: planning.PlanHistory, regions: list[str], months: list[Any]
) -> tuple[dict[str, float], dict[str, dict[str, float]], dict[int, float]]:
    """Editable region, tier and month weights (percent), prefilled from the history."""
    region_past = history.region_weights()
    region_w = [region_past.get(r, 0.0) for r in regions]
    if sum(region_w) <= 0:
        region_w = [1.0] * len(regions)
    whole = sum(region_w)
    region_frame = pd.DataFrame(
        {
            ctx.t("tp_col_region"): [value_label(r, ctx.lang) for r in regions],
            ctx.t("tp_col_weight"): [100 * w / whole for w in region_w],
        }
    )
    tier_rows = []
    for region in regions:
        past = history.tier_weights(region)
        tier_rows.append(
            [value_label(region, ctx.lang), *(100 * past.get(t, 0.0) for t in planning.TIERS)]
        )
    tier_frame = pd.DataFrame(tier_rows, columns=[ctx.t("tp_col_region"), *planning.TIERS])
    season_past = history.season()
    month_frame = pd.DataFrame(
        {
            ctx.t("tp_col_month"): [month_label(m) for m in months],
            ctx.t("tp_col_weight"): [100 * season_past.get(m.month, 0.0) for m in months],
        }
    )
    number = st.column_config.NumberColumn(min_value=0.0, format="%.2f")
    with st.expander(ctx.t("tp_weights")):
        left, middle, right = st.columns([1, 1.4, 1])
        with left:
            st.caption(ctx.t("tp_region_weights"))
            regions_edited = st.data_editor(
                region_frame,
                hide_index=True,
                disabled=[ctx.t("tp_col_region")],
                column_config={ctx.t("tp_col_weight"): number},
                key="tp_edit_regions",
            )
        with middle:
            st.caption(ctx.t("tp_tier_weights"))
            tiers_edited = st.data_editor(
                tier_frame,
                hide_index=True,
                disabled=[ctx.t("tp_col_region")],
                column_config={t: number for t in planning.TIERS},
                key="tp_edit_tiers",
            )
        with right:
            st.caption(ctx.t("tp_month_weights"))
            months_edited = st.data_editor(
                month_frame,
                hide_index=True,
                disabled=[ctx.t("tp_col_month")],
                column_config={ctx.t("tp_col_weight"): number},
                key="tp_edit_months",
            )
    region_weights = {
        str(r): float(w or 0)  # rows in the order of `regions` (shown by display name)
        for r, w in zip(regions, regions_edited.iloc[:, 1], strict=True)
    }
    tier_weights = {
        str(region): {t: float(row[t] or 0) for t in planning.TIERS}
        for region, (_, row) in zip(regions, tiers_edited.iterrows(), strict=True)
    }
    season = {m.month: float(w or 0) for m, w in zip(months, months_edited.iloc[:, 1], strict=True)}
    return region_weights, tier_weights, season


def _heat(ctx: PageContext, plan: planning.Plan) -> go.Figure:
    table = plan.by_region_month()
    text = [[ctx.money(v) for v in row] for row in table.to_numpy()]
    fig = go.Figure(
        go.Heatmap(
            z=table.to_numpy(),
            x=list(table.columns),
            y=list(table.index),
            text=text,
            texttemplate="%{text}",
            colorscale="Blues",
            showscale=False,
            hovertemplate="%{y} %{x}: %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(type="category")
    fig.update_yaxes(autorange="reversed")  # regions read top-down, as in a table
    return base_layout(fig, ctx.t("tp_heat_title"), lang=ctx.lang)


def _season_chart(
    ctx: PageContext, plan: planning.Plan, history: planning.PlanHistory
) -> go.Figure:
    reps = plan.targets[plan.targets["scope_type"] == "rep"]
    by_month = reps.groupby("month")["target"].apply(lambda s: float(sum(s)))
    past = history.bookings.groupby("month_of_year")["amount"].sum()
    labels = [month_label(m) for m in plan.months]
    last = month_label(add_months_to(history.end_month, -1))
    fig = go.Figure(
        [
            go.Bar(
                x=labels,
                y=[by_month.get(x, 0.0) for x in labels],
                name=ctx.t("tp_trace_plan"),
                marker_color="#1f4fb4",
            ),  # fmt: skip
            go.Bar(
                x=labels,
                y=[float(past.get(m.month, 0.0)) for m in plan.months],
                name=ctx.t("tp_trace_last_year", first=month_label(history.first_month), last=last),
                marker_color="#b8c4d9",
            ),
        ]
    )
    fig.update_xaxes(type="category")
    top = max([float(v) for trace in fig.data for v in trace.y] + [1.0])
    fig.update_yaxes(title_text=ctx.t("tp_axis_amount"), **money_axis(top, ctx.lang, ctx.currency))
    fig.update_layout(barmode="group")
    return base_layout(fig, ctx.t("tp_season_title"), lang=ctx.lang)


def _rep_table(ctx: PageContext, plan: planning.Plan, reps: pd.DataFrame) -> pd.DataFrame:
    rows = plan.targets[plan.targets["scope_type"] == "rep"].copy()
    rows["target"] = rows["target"].astype(float)
    wide = rows.pivot_table(index="scope", columns="month", values="target", aggfunc="sum")
    wide[ctx.t("tp_col_year")] = wide.sum(axis=1)
    info = reps.set_index("rep")[["name", "region", "tier"]].copy()
    info["region"] = info["region"].map(lambda r: value_label(r, ctx.lang))
    out = info.join(wide, how="inner").reset_index()
    return out.rename(
        columns={
            "rep": ctx.t("tp_col_rep"),
            "name": ctx.t("tp_col_rep") + " ·",
            "region": ctx.t("tp_col_region"),
            "tier": ctx.t("tp_col_tier"),
        }
    )


def _save(ctx: PageContext, plan: planning.Plan) -> None:
    fy = str(value_label(f"FY{plan.request.fiscal_year}", ctx.lang))
    stored = planning.targets_already_stored(ctx.store, plan.months)
    confirmed = True
    if stored:
        confirmed = st.checkbox(ctx.t("tp_replace", n=f"{stored:,}", fy=fy), key="tp_confirm")
    if st.button(ctx.t("tp_save", fy=fy), type="primary", disabled=not confirmed, key="tp_save"):
        try:
            load_id, version = planning.save_plan(ctx.store, plan)
        except ForecastDeskError as exc:
            st.error(ctx.t("tp_invalid", message=escape_markdown(str(exc))))
            return
        data.clear_caches()
        st.success(ctx.t("tp_saved", fy=fy, version=version, load_id=load_id))


def render() -> None:
    ctx = get_context()
    st.title(ctx.t("tp_title"))
    if ctx.is_empty():
        empty.empty_store(ctx)
        return
    history = planning.plan_history(ctx.store)
    last = month_label(add_months_to(history.end_month, -1))
    st.caption(ctx.t("tp_caption", first=month_label(history.first_month), last=last))
    values = _inputs(ctx, history)
    months = planning.fiscal_year_months(values["fy"], ctx.settings.fiscal_year_start_month)
    reps = planning.plan_reps(ctx.store, months)
    if reps.empty:
        st.info(ctx.t("tp_no_reps"))
        return
    regions = sorted(reps["region"].unique().tolist())
    region_w, tier_w, season_w = _weights(ctx, history, regions, months)
    try:
        plan = planning.plan_targets(
            ctx.store,
            planning.PlanRequest(
                fiscal_year=values["fy"],
                total=Decimal(f"{values['total']:.2f}"),
                stretch=values["stretch"],
                region_weights=region_w,
                tier_weights_by_region=tier_w,
                seasonality="flat" if values["season"] == "flat" else season_w,
                rep_split=values["split"],
            ),
            history=history,
            reps=reps,
        )
    except ForecastDeskError as exc:
        st.error(ctx.t("tp_invalid", message=escape_markdown(str(exc))))
        return
    t = plan.targets
    a, b, c = st.columns(3)
    a.metric(ctx.t("tp_sum_total"), ctx.money(float(sum(t["target"])), compact=False))
    b.metric(ctx.t("tp_sum_stretch"), ctx.money(float(sum(t["stretch_target"])), compact=False))
    c.metric(ctx.t("tp_sum_reps"), ctx.number(len(reps)))
    st.plotly_chart(_heat(ctx, plan), key="tp_heat", width="stretch")
    st.plotly_chart(_season_chart(ctx, plan, history), key="tp_season_chart", width="stretch")
    st.subheader(ctx.t("tp_reps_title"))
    table = _rep_table(ctx, plan, reps)
    money = st.column_config.NumberColumn(format=f"{ctx.currency}%,.2f")
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key="tp_reps",
        column_config={c: money for c in table.columns[4:]},
    )
    left, right = st.columns([1, 2])
    left.download_button(
        ctx.t("tp_download"),
        data=plan.to_csv().encode("utf-8"),
        file_name=f"targets-FY{values['fy']}.csv",
        mime="text/csv",
        key="tp_download",
    )
    with right:
        _save(ctx, plan)


if __name__ == "__main__":
    render()
