"""Plotly figure builders of the Team page: the A/B/C/D matrix (M16) and a rep's trend charts.

The matrix puts culture (forecast discipline) on x and performance (attainment) on y, with the
two thresholds of the settings (m16_discipline, m16_attainment) as dashed lines that split the
plane into the quadrants A (top right, best), B (bottom right: disciplined, below target, worth
investing in), C (top left: on target, undisciplined, needs improvement) and D (bottom left).
The trend builders draw frames analytics returned, with the thresholds of METRICS.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics.settings import Thresholds
from dashboard.components.bands import CHART_COLORS, LINE_COLORS, Level
from dashboard.components.charts import add_guides, base_layout, metric_guides, money_axis
from dashboard.i18n import fmt_pct, t

GROUPS: tuple[str, ...] = ("A", "B", "C", "D")
GROUP_LEVEL: Mapping[str, Level] = {"A": "good", "B": "warn", "C": "warn", "D": "bad"}
GROUP_COLORS: Mapping[str, str] = {
    "A": "#2ea043",
    "B": "#1f6fd1",
    "C": "#db8900",
    "D": "#da3633",
}
QUADRANT_FILL: Mapping[str, str] = {
    "A": CHART_COLORS["good"],
    "B": "rgba(31, 111, 209, 0.10)",
    "C": CHART_COLORS["warn"],
    "D": CHART_COLORS["bad"],
}
MATRIX_HEIGHT = 520


def _num(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


DENSE = 3  # more crowded points than this: only the focus rep is named on the chart
CROWDED = 0.06  # a point closer than this to another (as a share of the axes) gets no name


def crowded(xs: Sequence[float], ys: Sequence[float], extent: tuple[float, float]) -> list[bool]:
    """For each point, whether another lies within CROWDED of it (axes scaled to 0..1).

    A label would overlap its neighbour's; those names are read from hover and the group list.
    The matrix holds one point per rep (dozens), so the pairwise check stays small.
    """
    width, height = extent[0] or 1.0, extent[1] or 1.0
    scaled = [(x / width, y / height) for x, y in zip(xs, ys, strict=True)]
    return [
        any(j != i and math.hypot(px - qx, py - qy) < CROWDED for j, (qx, qy) in enumerate(scaled))
        for i, (px, py) in enumerate(scaled)
    ]


def _span(
    values: Sequence[float], edge: float, low: float, high: float, pad: float
) -> tuple[float, float]:
    """An axis range around the points and the threshold, with some room, within [low, high]."""
    points = [*values, edge]
    return max(low, min(points) - pad), min(high, max(points) + pad)


def matrix_figure(
    frame: pd.DataFrame,
    th: Thresholds,
    lang: str,
    *,
    title: str,
    label: str = "label",
    focus: str | None = None,
) -> go.Figure:
    """M16 as a quadrant scatter: x discipline, y attainment, one colour per group.

    `frame` has `scope`, `attainment`, `discipline`, `group` and a `label` column (the rep's
    name); rows missing either number are not drawn. The axes zoom onto the points and the
    thresholds. A name stands beside a point unless another point is too close for it to be
    read (see `crowded`); the `focus` rep is ringed and always named; hover names every point.
    """
    placed = frame.dropna(subset=["attainment", "discipline"])
    d, a = th.m16_discipline, th.m16_attainment
    xs = [float(v) for v in placed["discipline"]]
    ys = [float(v) for v in placed["attainment"]]
    x_low, x_high = _span(xs, d, -0.05, 1.08, 0.04)
    y_low, y_high = _span(ys, a, 0.0, math.inf, 0.05)
    fig = go.Figure()
    quadrants = {
        "A": (d, x_high, a, y_high),
        "B": (d, x_high, y_low, a),
        "C": (x_low, d, a, y_high),
        "D": (x_low, d, y_low, a),
    }
    for group, (x0, x1, y0, y1) in quadrants.items():
        fig.add_shape(
            type="rect",
            x0=x0,
            x1=x1,
            y0=y0,
            y1=y1,
            fillcolor=QUADRANT_FILL[group],
            line_width=0,
            layer="below",
        )
        right = group in ("A", "B")
        top = group in ("A", "C")
        fig.add_annotation(
            x=x1 if right else x0,
            y=y1 if top else y0,
            xanchor="right" if right else "left",
            yanchor="top" if top else "bottom",
            text=f"<b>{t(f'tm_short_{group.lower()}', lang)}</b>",
            showarrow=False,
            font={"color": GROUP_COLORS[group], "size": 12},
            bgcolor="rgba(255,255,255,0.75)",
        )
    for line in (
        {"x0": d, "x1": d, "y0": y_low, "y1": y_high},
        {"x0": x_low, "x1": x_high, "y0": a, "y1": a},
    ):
        fig.add_shape(
            type="line", line={"dash": "dash", "width": 1.5, "color": LINE_COLORS["none"]}, **line
        )
    crowd = crowded(xs, ys, (x_high - x_low, y_high - y_low))
    dense = sum(crowd) > DENSE
    named = {str(scope): not crowd[i] or scope == focus for i, scope in enumerate(placed["scope"])}
    for group in GROUPS:
        part = placed[placed["group"] == group]
        if part.empty:
            continue
        names = [str(v) for v in part[label]]
        # names on hover only (a dozen reps in one quadrant would overlap); the focus rep, and a
        # rep alone far enough from the others, is named on the chart
        shown = [
            n if named[str(s)] and (s == focus or not dense) else ""
            for n, s in zip(names, part["scope"], strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=[_num(v) for v in part["discipline"]],
                y=[_num(v) for v in part["attainment"]],
                mode="markers+text",
                name=t(f"tm_short_{group.lower()}", lang),
                text=shown,
                textposition="top center",
                textfont={"size": 11},
                marker={
                    "color": GROUP_COLORS[group],
                    "size": 12,
                    "opacity": 0.9,
                    "line": {"width": 1, "color": "white"},
                },
                customdata=[[n, str(s)] for n, s in zip(names, part["scope"], strict=True)],
                hovertemplate=(
                    "%{customdata[0]} (%{customdata[1]})<br>"
                    f"{t('tm_col_discipline', lang)} %{{x:.0%}}<br>"
                    f"{t('tm_col_attainment', lang)} %{{y:.0%}}<extra>{group}</extra>"
                ),
            )
        )
    if focus is not None:
        ring = placed[placed["scope"] == focus]
        if not ring.empty:
            fig.add_trace(
                go.Scatter(
                    x=[_num(ring["discipline"].iloc[0])],
                    y=[_num(ring["attainment"].iloc[0])],
                    mode="markers",
                    marker={
                        "size": 24,
                        "color": "rgba(0,0,0,0)",
                        "line": {"width": 2.5, "color": "#111"},
                    },
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
    fig.update_xaxes(
        title_text=t("tm_axis_discipline", lang, value=fmt_pct(d, lang, 0)),
        tickformat=".0%",
        range=[x_low, x_high],
        zeroline=False,
        showgrid=False,
    )
    fig.update_yaxes(
        title_text=t("tm_axis_attainment", lang, value=fmt_pct(a, lang, 0)),
        tickformat=".0%",
        range=[y_low, y_high],
        zeroline=False,
        showgrid=False,
    )
    base_layout(fig, title, lang=lang)
    fig.update_layout(height=MATRIX_HEIGHT, hovermode="closest", showlegend=False)
    return fig


def month_axis(periods: pd.Series) -> list[Any]:
    """Month labels ('2026-01') as first days, so that Plotly spaces the ticks by itself."""
    text = periods.astype(str)
    parsed = pd.to_datetime(text, format="%Y-%m", errors="coerce")
    if parsed.isna().any():
        return list(text)
    return list(parsed)


def _date_axis(fig: go.Figure, *, monthly: bool) -> None:
    """Date ticks without rotation, labelled by month ('2026-01'); hover shows the day of a
    snapshot ('2026-01-05')."""
    fig.update_xaxes(
        tickformat="%Y-%m",
        hoverformat="%Y-%m" if monthly else "%Y-%m-%d",
        tickangle=0,
        nticks=7,
    )


def _so_far_bars(fig: go.Figure, frame: pd.DataFrame, x: list[Any], lang: str) -> None:
    """A month still running has no attainment (docs/metrics.md): draw its actual so far / target
    as an outlined, unfilled bar labelled "so far", never as a drop to 0."""
    if "status" not in frame.columns or not {"actual", "target"} <= set(frame.columns):
        return
    running = (frame["status"] == "in_progress").tolist()
    if not any(running):
        return
    y = [
        (_num(a) or 0.0) / t_ if r and (t_ := _num(tg)) else None
        for r, a, tg in zip(running, frame["actual"], frame["target"], strict=True)
    ]
    fig.add_trace(
        go.Bar(
            x=x,
            y=y,
            name=t("trace_so_far", lang),
            marker={"color": "rgba(0,0,0,0)", "line": {"color": "#1f4fb4", "width": 2}},
            hovertemplate=f"%{{x}} · {t('trace_so_far', lang)} %{{y:.1%}}<extra></extra>",
        )
    )


def attainment_figure(frame: pd.DataFrame, th: Thresholds, lang: str, *, title: str) -> go.Figure:
    """M18 by month: actual / target and actual / stretch target as bars, the 100% line."""
    fig = go.Figure()
    x = month_axis(frame["period"])
    for column, key, color, opacity in (
        ("value", "tm_trace_attainment", "#1f4fb4", 1.0),
        ("stretch_attainment", "tm_trace_stretch", "#e3a21a", 0.7),
    ):
        if column not in frame.columns:
            continue
        fig.add_trace(
            go.Bar(
                x=x,
                y=[_num(v) for v in frame[column]],
                name=t(key, lang),
                marker_color=color,
                opacity=opacity,
                hovertemplate=f"%{{x}} · {t(key, lang)} %{{y:.1%}}<extra></extra>",
            )
        )
    _so_far_bars(fig, frame, x, lang)
    add_guides(fig, metric_guides("M18", th, lang))
    _date_axis(fig, monthly=True)
    fig.update_yaxes(title_text=t("tm_axis_attainment_month", lang))
    fig.update_layout(barmode="group")
    return base_layout(fig, title, percent_axis=True, lang=lang)


def discipline_figure(frame: pd.DataFrame, th: Thresholds, lang: str, *, title: str) -> go.Figure:
    """M14 by month: on-time calls / expected calls as bars, the expectation (100%) as a line."""
    counts = [
        f"{_int(n)}/{_int(e)}"
        for n, e in zip(frame.get("on_time", []), frame.get("expected", []), strict=False)
    ]
    fig = go.Figure(
        go.Bar(
            x=month_axis(frame["period"]),
            y=[_num(v) for v in frame["value"]],
            name=t("tm_trace_on_time", lang),
            marker_color="#1f4fb4",
            customdata=counts or None,
            hovertemplate="%{x}: %{y:.0%} (%{customdata})<extra></extra>",
        )
    )
    add_guides(fig, metric_guides("M14", th, lang))
    _date_axis(fig, monthly=True)
    fig.update_yaxes(title_text=t("tm_axis_on_time", lang), range=[0, 1.1])
    return base_layout(fig, title, percent_axis=True, lang=lang)


def _int(value: Any) -> str:
    number = _num(value)
    return "–" if number is None else f"{number:,.0f}"


def pipeline_trend_figure(
    frame: pd.DataFrame, lang: str, currency: str, *, title: str
) -> go.Figure:
    """Open pipeline, weighted pipeline and open commit at every snapshot."""
    x = list(pd.to_datetime(frame["snapshot_date"]))
    fig = go.Figure()
    for column, key, color, fill in (
        ("open_amount", "tm_trace_open", "#8fb3e8", "tozeroy"),
        ("weighted_amount", "tm_trace_weighted", "#5b6770", None),
        ("commit_amount", "tm_trace_commit", "#1f4fb4", None),
    ):
        if column not in frame.columns:
            continue
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[_num(v) for v in frame[column]],
                mode="lines+markers",
                name=t(key, lang),
                line={"color": color, "width": 2},
                marker={"size": 5},
                fill=fill,
                hovertemplate=f"%{{x}} · {t(key, lang)} {currency}%{{y:,.0f}}<extra></extra>",
            )
        )
    _date_axis(fig, monthly=False)
    top = max([_num(v) or 0.0 for v in frame.get("open_amount", [])] + [1.0])
    fig.update_yaxes(title_text=t("tm_axis_amount", lang), **money_axis(top, lang, currency))
    return base_layout(fig, title, lang=lang)


def velocity_figure(
    rep: tuple[str, pd.DataFrame],
    region: tuple[str, pd.DataFrame],
    lang: str,
    currency: str,
    *,
    title: str,
) -> go.Figure:
    """M17 by month: the rep (top) and its whole region (bottom, a sum over its reps).

    Two panels over one month axis, each with its own amount axis and title: a region's
    velocity adds every rep's pipeline, so on one axis the rep's line would lie flat at the
    bottom, and two axes on one panel made a region and a rep look equal.
    """
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.14,
        subplot_titles=(rep[0], region[0]),
    )
    for row, ((name, frame), color) in enumerate(((rep, "#1f4fb4"), (region, "#6b7280")), 1):
        fig.add_trace(
            go.Scatter(
                x=month_axis(frame["period"]),
                y=[_num(v) for v in frame["value"]],
                mode="lines+markers",
                name=name,
                line={"color": color, "width": 2.5},
                connectgaps=False,
                hovertemplate=f"%{{x|%Y-%m}} · {name} {currency}%{{y:,.0f}}<extra></extra>",
            ),
            row=row,
            col=1,
        )
        top = max([_num(v) or 0.0 for v in frame["value"]] + [1.0]) * 1.1
        fig.update_yaxes(
            title_text=t("tm_axis_velocity", lang),
            range=[0, top],
            row=row,
            col=1,
            **money_axis(top, lang, currency),
        )
    _date_axis(fig, monthly=True)
    base_layout(fig, title, lang=lang)
    fig.update_layout(height=480, showlegend=False)
    return fig
