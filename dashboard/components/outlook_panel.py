"""The Overview headline: the quarter outlook (analytics/outlook.py) as one sentence, four tiles
and one bar, readable in ten seconds.

The bar stacks booked so far, + open commit and + open upside; beside it the M19 P10–P90 range
and P50, the target, the stretch target and where the linear path to the target stands at the
snapshot. Bands: the pace (on pace green, behind pace orange: a running quarter is never red),
the reach (booked + commit + upside) against the stretch target as M3 judges a cover, and the
P50 against target and stretch as M18 judges attainment.
"""

from __future__ import annotations

import plotly.graph_objects as go

from analytics.outlook import QuarterOutlook
from dashboard.components.bands import UNAVAILABLE, Band, band_for
from dashboard.components.charts import FONT, money_axis
from dashboard.components.kpi import Kpi
from dashboard.context import PageContext
from dashboard.i18n import t

PACE_BANDS: dict[str, Band] = {
    "on_pace": Band("good", "ol_on_pace"),
    "behind_pace": Band("warn", "ol_behind_pace"),
    "on_target": Band("good", "band_on_target"),
    "below_target": Band("bad", "band_below_target"),
    "no_target": UNAVAILABLE,
}
STACK = (
    ("booked", "ol_booked", "#1f4fb4"),
    ("open_commit", "ol_commit", "#5b8def"),
    ("open_upside", "ol_upside", "#b6cbf7"),
)


def _named(band: Band, good: str, other: str) -> Band:
    """The band's level under the outlook's own names (a projection, not an outcome)."""
    return Band(band.level, good if band.level == "good" else other)


def _gap_text(ctx: PageContext, out: QuarterOutlook) -> str:
    gap = out.pace_gap
    if gap is None:
        return ctx.t("ol_no_target")
    key = {
        "on_pace": "ol_ahead_by",
        "behind_pace": "ol_behind_by",
        "on_target": "ol_above_target_by",
        "below_target": "ol_below_target_by",
    }[out.pace]
    return ctx.t(key, amount=ctx.money(abs(gap)))


def headline(ctx: PageContext, out: QuarterOutlook) -> str:
    """One sentence: booked + commit + upside, the projection against target and stretch, pace."""
    money = ctx.money
    if out.ended:
        return ctx.t(
            "ol_headline_ended",
            quarter=out.quarter,
            booked=money(out.booked),
            target=money(out.target),
            share=ctx.pct(out.booked / out.target if out.target else None),
            gap=_gap_text(ctx, out),
        )
    parts = [
        ctx.t(
            "ol_headline_stack",
            quarter=out.quarter,
            booked=money(out.booked),
            commit=money(out.open_commit),
            upside=money(out.open_upside),
        )
    ]
    if out.p50 is not None:
        parts.append(
            ctx.t(
                "ol_headline_projection",
                p10=money(out.p10),
                p50=money(out.p50),
                p90=money(out.p90),
                of_target=ctx.pct(out.p50_of_target, 0),
                of_stretch=ctx.pct(out.p50_of_stretch, 0),
            )
        )
    parts.append(_gap_text(ctx, out))
    return " · ".join(parts)


def tiles(ctx: PageContext, out: QuarterOutlook) -> list[Kpi]:
    """Booked so far (pace), booked + commit (+ upside) against stretch, P50 vs target, vs stretch."""
    th = ctx.settings.thresholds
    moment = out.moment.isoformat()
    booked = Kpi(
        "ol-booked",
        ctx.t("ol_kpi_booked"),
        ctx.money(out.booked),
        PACE_BANDS[out.pace],
        ctx.t("ol_help_booked"),
        ctx.t("ol_sub_path", date=moment, path=ctx.money(out.linear_path), gap=_gap_text(ctx, out)),
    )
    reach = out.booked_commit_upside / out.stretch_target if out.stretch_target else None
    commit = Kpi(
        "ol-commit",
        ctx.t("ol_kpi_commit"),
        ctx.money(out.booked_commit),
        _named(band_for("M3", reach, th), "ol_covers_stretch", "ol_short_of_stretch"),
        ctx.t("ol_help_commit"),
        ctx.t(
            "ol_sub_commit",
            upside=ctx.money(out.open_upside),
            reach=ctx.money(out.booked_commit_upside),
            share=ctx.pct(reach, 0),
        ),
    )
    result = [booked, commit]
    for name, key, ratio, of, amount, names in (
        (
            "ol-p50-target",
            "ol_kpi_p50_target",
            out.p50_of_target,
            "ol_sub_of_target",
            out.target,
            ("ol_projected_on_target", "ol_projected_below_target"),
        ),
        (
            "ol-p50-stretch",
            "ol_kpi_p50_stretch",
            out.p50_of_stretch,
            "ol_sub_of_stretch",
            out.stretch_target,
            ("ol_projected_on_stretch", "ol_projected_below_stretch"),
        ),
    ):
        if out.ended:
            continue
        available = ratio is not None
        caption = (
            ctx.t(
                of,
                p50=ctx.money(out.p50),
                p10=ctx.money(out.p10),
                p90=ctx.money(out.p90),
                amount=ctx.money(amount),
            )
            if available
            else ctx.t("proj_unavailable", min_closed=th.m19_min_closed_deals)
        )
        band = _named(band_for("M18", ratio, th), *names) if available else UNAVAILABLE
        result.append(Kpi(name, ctx.t(key), ctx.pct(ratio, 0), band, ctx.t("ol_help_p50"), caption))
    return result


def _vline(fig: go.Figure, x: float, name: str, color: str, dash: str, width: float = 2.5) -> None:
    """A vertical marker across the bar, as a trace so that the legend names it."""
    fig.add_trace(
        go.Scatter(
            x=[x, x],
            y=[-0.45, 0.45],
            mode="lines",
            line={"color": color, "width": width, "dash": dash},
            name=name,
            hovertemplate=f"{name}: %{{x:,.0f}}<extra></extra>",
        )
    )


def outlook_figure(out: QuarterOutlook, lang: str, currency: str = "¥") -> go.Figure:
    """One horizontal bar: booked | + commit | + upside, with P10–P90, P50, target, stretch and
    the linear path at the snapshot as markers (legend under the bar, nothing written over it)."""
    fig = go.Figure()
    for field, key, color in STACK:
        value = float(getattr(out, field))
        fig.add_trace(
            go.Bar(
                x=[value],
                y=[0],
                orientation="h",
                name=t(key, lang),
                marker_color=color,
                width=0.5,
                hovertemplate=f"{t(key, lang)}: {currency}%{{x:,.0f}}<extra></extra>",
            )
        )
    if out.p10 is not None and out.p90 is not None:
        fig.add_trace(
            go.Scatter(
                x=[out.p10, out.p90, out.p90, out.p10, out.p10],
                y=[-0.42, -0.42, 0.42, 0.42, -0.42],
                mode="lines",
                fill="toself",
                fillcolor="rgba(120, 120, 120, 0.12)",
                line={"color": "rgba(90, 90, 90, 0.6)", "width": 1, "dash": "dot"},
                name=t("proj_band", lang),
                hoverinfo="skip",
            )
        )
    if out.p50 is not None:
        _vline(fig, out.p50, t("proj_p50", lang), "#111827", "solid", 3)
    if out.linear_path is not None and not out.ended:
        label = t("ol_linear_path", lang, date=out.moment.isoformat())
        _vline(fig, out.linear_path, label, "#7a7a7a", "dot")
    for edge, key, color, dash in (
        (out.target, "proj_target", "#db8900", "dash"),
        (out.stretch_target, "proj_stretch", "#2ea043", "dashdot"),
    ):
        if edge is not None:
            _vline(fig, edge, t(key, lang), color, dash)
    values = [
        out.booked_commit_upside,
        *(v for v in (out.p90, out.target, out.stretch_target) if v is not None),
    ]
    top = max(values) * 1.05 if values else 1.0
    fig.update_layout(
        barmode="stack",
        template="plotly_white",
        height=210,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"family": FONT},
        legend={"orientation": "h", "yanchor": "top", "y": -0.35, "x": 0, "traceorder": "normal"},
        hovermode="closest",
    )
    fig.update_yaxes(visible=False, range=[-0.6, 0.6])
    axis = money_axis(top, lang, currency)
    fig.update_xaxes(range=[0, top], **axis)
    return fig
