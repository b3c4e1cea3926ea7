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

from analytics.settings import Thresholds
from dashboard.components.bands import CHART_COLORS, LINE_COLORS, Level
from dashboard.components.charts import add_guides, base_layout, metric_guides
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


def matrix_extent(attainment: Sequence[float | None], th: Thresholds) -> tuple[float, float]:
    """The y range: from 0 to above the highest point and the threshold, at least 150%."""
    known = [a for a in attainment if a is not None]
    top = max([1.5, th.m16_attainment * 1.3, *[a * 1.1 for a in known]])
    return 0.0, top


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
    name) shown beside each point; rows missing either number are not drawn. `focus` (a scope)
    is ringed.
    """
    x_low, x_high = -0.05, 1.08
    placed = frame.dropna(subset=["attainment", "discipline"])
    y_low, y_high = matrix_extent([_num(a) for a in placed["attainment"]], th)
    d, a = th.m16_discipline, th.m16_attainment
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
            text=f"<b>{group}</b> · {t(f'tm_meaning_{group.lower()}', lang)}",
            showarrow=False,
            font={"color": GROUP_COLORS[group], "size": 12},
            bgcolor="rgba(255,255,255,0.7)",
        )
    fig.add_vline(
        x=d,
        line_dash="dash",
        line_width=1.5,
        line_color=LINE_COLORS["none"],
        annotation_text=t("tm_line_discipline", lang, value=fmt_pct(d, lang, 0)),
        annotation_position="bottom right",
    )
    fig.add_hline(
        y=a,
        line_dash="dash",
        line_width=1.5,
        line_color=LINE_COLORS["none"],
        annotation_text=t("tm_line_attainment", lang, value=fmt_pct(a, lang, 0)),
        annotation_position="bottom left",
    )
    for group in GROUPS:
        part = placed[placed["group"] == group]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=[_num(v) for v in part["discipline"]],
                y=[_num(v) for v in part["attainment"]],
                mode="markers+text",
                name=f"{group} · {t(f'tm_meaning_{group.lower()}', lang)}",
                text=[str(v) for v in part[label]],
                textposition="top center",
                textfont={"size": 11},
                marker={
                    "color": GROUP_COLORS[group],
                    "size": 13,
                    "line": {"width": 1, "color": "white"},
                },
                customdata=[str(s) for s in part["scope"]],
                hovertemplate=(
                    "%{text} (%{customdata})<br>"
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
        title_text=t("tm_axis_discipline", lang),
        tickformat=".0%",
        range=[x_low, x_high],
        zeroline=False,
    )
    fig.update_yaxes(
        title_text=t("tm_axis_attainment", lang),
        tickformat=".0%",
        range=[y_low, y_high],
        zeroline=False,
    )
    base_layout(fig, title)
    fig.update_layout(height=MATRIX_HEIGHT, hovermode="closest", showlegend=False)
    return fig


def attainment_figure(frame: pd.DataFrame, th: Thresholds, lang: str, *, title: str) -> go.Figure:
    """M18 by month: actual / target and actual / stretch target, the 100% line."""
    fig = go.Figure()
    for column, key, color, dash in (
        ("value", "tm_trace_attainment", "#1f4fb4", "solid"),
        ("stretch_attainment", "tm_trace_stretch", "#e3a21a", "dot"),
    ):
        if column not in frame.columns:
            continue
        fig.add_trace(
            go.Bar(
                x=frame["period"].astype(str),
                y=[_num(v) for v in frame[column]],
                name=t(key, lang),
                marker_color=color,
                opacity=1.0 if dash == "solid" else 0.6,
                hovertemplate=f"%{{x}} · {t(key, lang)} %{{y:.1%}}<extra></extra>",
            )
        )
    add_guides(fig, metric_guides("M18", th, lang))
    fig.update_xaxes(title_text=t("tm_axis_month", lang), type="category")
    fig.update_yaxes(title_text=t("tm_axis_attainment_month", lang))
    fig.update_layout(barmode="group")
    return base_layout(fig, title, percent_axis=True)


def discipline_figure(frame: pd.DataFrame, th: Thresholds, lang: str, *, title: str) -> go.Figure:
    """M14 by month: on-time calls / expected calls as bars, the expectation (100%) as a line."""
    fig = go.Figure(
        go.Bar(
            x=frame["period"].astype(str),
            y=[_num(v) for v in frame["value"]],
            name=t("tm_trace_on_time", lang),
            marker_color="#1f4fb4",
            customdata=[
                f"{_int(n)}/{_int(e)}"
                for n, e in zip(frame.get("on_time", []), frame.get("expected", []), strict=False)
            ]
            or None,
            hovertemplate="%{x}: %{y:.0%} (%{customdata})<extra></extra>",
        )
    )
    add_guides(fig, metric_guides("M14", th, lang))
    fig.update_xaxes(title_text=t("tm_axis_month", lang), type="category")
    fig.update_yaxes(title_text=t("tm_axis_on_time", lang), range=[0, 1.1])
    return base_layout(fig, title, percent_axis=True)


def _int(value: Any) -> str:
    number = _num(value)
    return "–" if number is None else f"{number:,.0f}"


def pipeline_trend_figure(
    frame: pd.DataFrame, lang: str, currency: str, *, title: str
) -> go.Figure:
    """Open pipeline, weighted pipeline and open commit at every snapshot."""
    x = pd.to_datetime(frame["snapshot_date"]).dt.strftime("%Y-%m-%d")
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
                fill=fill,
                hovertemplate=f"%{{x}} · {t(key, lang)} {currency}%{{y:,.0f}}<extra></extra>",
            )
        )
    fig.update_xaxes(title_text=t("tm_axis_snapshot", lang), type="category")
    fig.update_yaxes(title_text=t("tm_axis_amount", lang), tickprefix=currency, tickformat="~s")
    return base_layout(fig, title)


def velocity_figure(
    series: Mapping[str, pd.DataFrame], lang: str, currency: str, *, title: str
) -> go.Figure:
    """M17 by period for the rep and its region: one line each (`period`, `value`)."""
    fig = go.Figure()
    colors = ("#1f4fb4", "#a0a7ad")
    for (name, frame), color in zip(series.items(), colors, strict=False):
        fig.add_trace(
            go.Scatter(
                x=frame["period"].astype(str),
                y=[_num(v) for v in frame["value"]],
                mode="lines+markers",
                name=name,
                line={"color": color, "width": 2.5 if color == colors[0] else 2},
                connectgaps=False,
                hovertemplate=f"%{{x}} · {name} {currency}%{{y:,.0f}}<extra></extra>",
            )
        )
    fig.update_xaxes(title_text=t("tm_axis_month", lang), type="category")
    fig.update_yaxes(title_text=t("tm_axis_velocity", lang), tickprefix=currency, tickformat="~s")
    return base_layout(fig, title)
