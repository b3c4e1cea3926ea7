"""Plotly figure builders: each returns a figure (unit-tested), pages only draw it.

Every chart shows the thresholds of METRICS.md from `Settings.thresholds`: a band (a shaded
rectangle between two y values) or a line (a dashed horizontal line). `metric_guides()` says
which ones belong to which metric so that every page draws the same edges. Ratios are plotted
as fractions with a percent axis, so a guide's y is the threshold value itself.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.settings import Thresholds
from analytics.thresholds import bands_of
from dashboard.components.bands import CHART_COLORS, LINE_COLORS, Level, band_for
from dashboard.i18n import fmt_pct, t
from dashboard.labels import localize_figure

FONT = "Inter, 'Source Sans Pro', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
HEIGHT = 380
# The legend sits at the bottom of the figure (container coordinates), under the x axis ticks
# and title whatever their height (rotated rep names, a two-line title): Plotly grows the bottom
# margin for it, so it never covers them (a legend in plot coordinates, y=-0.15, did).
LEGEND = {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0}


@dataclass(frozen=True)
class Guide:
    """A threshold drawn on a chart: a band from y0 to y1, or a line at y0 (y1 = y0)."""

    kind: str  # "band" or "line"
    y0: float
    y1: float
    level: Level
    label: str


def metric_guides(metric_id: str, th: Thresholds, lang: str = "en") -> list[Guide]:
    """The bands and lines of METRICS.md for a metric (analytics/thresholds.py), labelled in
    `lang`."""
    bands = bands_of(metric_id)
    if bands is None:
        return []
    guides = []
    for spec in bands.guides:
        y0, y1 = float(getattr(th, spec.y0)), float(getattr(th, spec.y1))
        label = spec.label.format(
            name=t(spec.name_key, lang), y0=fmt_pct(y0, lang, 0), y1=fmt_pct(y1, lang, 0)
        )
        guides.append(Guide(spec.kind, y0, y1, spec.level, label))
    return guides


def add_guides(fig: go.Figure, guides: Sequence[Guide]) -> go.Figure:
    """Draw the guides under the data (bands shaded, lines dashed), each with its label."""
    for guide in guides:
        if guide.kind == "band":
            fig.add_hrect(
                y0=guide.y0,
                y1=guide.y1,
                fillcolor=CHART_COLORS[guide.level],
                line_width=0,
                layer="below",
                annotation_text=guide.label,
                annotation_position="top left",
                annotation_font_color=LINE_COLORS[guide.level],
            )
        else:
            fig.add_hline(
                y=guide.y0,
                line_dash="dash",
                line_width=1.5,
                line_color=LINE_COLORS[guide.level],
                annotation_text=guide.label,
                annotation_position="top left",
                annotation_font_color=LINE_COLORS[guide.level],
            )
    return fig


# Date ticks in Chinese: Plotly's own month names are English, so a Chinese figure's date axes
# get d3 formats with 年/月/日 per zoom level instead (the English default is left alone).
ZH_DATE_TICKS: list[dict[str, object]] = [
    {"dtickrange": [None, 86_400_000], "value": "%-m月%-d日 %H:%M"},
    {"dtickrange": [86_400_000, "M1"], "value": "%-m月%-d日"},
    {"dtickrange": ["M1", "M12"], "value": "%Y年%-m月"},
    {"dtickrange": ["M12", None], "value": "%Y年"},
]
# ISO days and months ("2026-11"): Plotly reads both as dates
_ISO_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2}([ T].*)?)?$")


def _is_date(value: object) -> bool:
    if isinstance(value, date | datetime | np.datetime64 | pd.Timestamp):
        return True
    return isinstance(value, str) and bool(_ISO_DATE.match(value))


# A chart's own month or day format ("%Y-%m") in Chinese
ZH_OWN_FORMATS: dict[str, str] = {"%Y-%m": "%Y年%-m月", "%Y-%m-%d": "%Y年%-m月%-d日"}
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def zh_month(value: object) -> object:
    """'2026-01' -> '2026年1月' (a month written as a category); anything else unchanged."""
    match = _ISO_MONTH.match(value) if isinstance(value, str) else None
    return f"{match.group(1)}年{int(match.group(2))}月" if match else value


def localize_date_axes(fig: go.Figure, lang: str) -> go.Figure:
    """Chinese tick and hover labels on x axes that hold dates (no-op in English): Plotly's
    default ticks get 年/月/日 formats per zoom level, a chart's own "%Y-%m" becomes "%Y年%-m月",
    and months written as categories ("2026-01" on a category axis) read "2026年1月"."""
    if lang != "zh":
        return fig
    xaxis = fig.layout.xaxis
    if xaxis.type == "category":
        for trace in fig.data:
            xs = getattr(trace, "x", None)
            if xs is not None and len(xs) and any(_ISO_MONTH.match(str(v)) for v in xs):
                trace.x = [zh_month(v) for v in xs]
        return fig
    if xaxis.tickformat:  # an own format: its Chinese form
        hover = xaxis.hoverformat
        fig.update_xaxes(
            tickformat=ZH_OWN_FORMATS.get(xaxis.tickformat, xaxis.tickformat),
            hoverformat=ZH_OWN_FORMATS.get(hover, hover) if hover else None,
        )
        return fig
    for trace in fig.data:
        xs = getattr(trace, "x", None)
        first = next((v for v in xs if v is not None), None) if xs is not None else None
        if first is not None and _is_date(first):
            fig.update_xaxes(tickformatstops=ZH_DATE_TICKS, hoverformat="%Y年%-m月%-d日")
            break
    return fig


def nice_step(top: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about `ticks` ticks up to top."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)


def zh_amount(value: float, currency: str) -> str:
    """A tick in Chinese units: ¥2亿, ¥5000万, ¥800."""
    sign = "-" if value < 0 else ""
    amount = abs(value)
    if amount >= 1e8:
        return f"{sign}{currency}{amount / 1e8:g}亿"
    if amount >= 1e4:
        return f"{sign}{currency}{amount / 1e4:g}万"
    return f"{sign}{currency}{amount:g}"


def money_axis(top: float, lang: str, currency: str, bottom: float = 0.0) -> dict[str, Any]:
    """Y-axis settings for amounts: SI ticks (¥40M) in English, 万/亿 ticks in Chinese."""
    if lang != "zh":
        return {"tickprefix": currency, "tickformat": "~s"}
    step = nice_step(max(top - min(bottom, 0.0), 1.0))
    first = math.floor(min(bottom, 0.0) / step)
    last = math.ceil(top / step)
    values = [k * step for k in range(first, last + 1)]
    return {"tickvals": values, "ticktext": [zh_amount(v, currency) for v in values]}


def base_layout(
    fig: go.Figure, title: str, *, percent_axis: bool = False, lang: str = "en"
) -> go.Figure:
    """The common look: white template, title, legend under the plot, percent y axis if asked,
    date axes labelled in `lang` (call it after the traces are added)."""
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        height=HEIGHT,
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        font={"family": FONT},
        legend=LEGEND,
        hovermode="x unified",
    )
    if percent_axis:
        fig.update_yaxes(tickformat=".0%")
    localize_figure(fig, lang)  # regions and category words in the language (labels.py)
    return localize_date_axes(fig, lang)


def metric_trend_figure(
    frame: pd.DataFrame,
    metric_id: str,
    th: Thresholds,
    lang: str,
    *,
    title: str,
    x: str = "period",
    y: str = "value",
    series: str | None = None,
    percent: bool = True,
) -> go.Figure:
    """A metric over periods (one line per `series` value if given) with its thresholds."""
    fig = go.Figure()
    groups = [(None, frame)] if series is None else list(frame.groupby(series, sort=True))
    for name, part in groups:
        fig.add_trace(
            go.Scatter(
                x=part[x].astype(str),
                y=part[y],
                mode="lines+markers",
                name=str(name) if name is not None else metric_id,
                connectgaps=False,
            )
        )
    add_guides(fig, metric_guides(metric_id, th, lang))
    return base_layout(fig, title, percent_axis=percent, lang=lang)


def commit_accuracy_figure(frame: pd.DataFrame, th: Thresholds, lang: str) -> go.Figure:
    """M1 by week: markers coloured by band, joined by a line, over the accurate band."""
    values = [None if pd.isna(v) else float(v) for v in frame["value"]]
    colors = [LINE_COLORS[band_for("M1", v, th).level] for v in values]
    fig = go.Figure(
        go.Scatter(
            x=frame["period"].astype(str),
            y=values,
            mode="lines+markers",
            name=t("trace_accuracy", lang),
            line={"color": "#5b6770", "width": 1.5},
            marker={"color": colors, "size": 10, "line": {"width": 1, "color": "white"}},
            hovertemplate="%{x}: %{y:.1%}<extra></extra>",
        )
    )
    add_guides(fig, metric_guides("M1", th, lang))
    shown = [v for v in values if v is not None]
    if shown:  # keep the band in view with room around it, whatever the data's spread
        low = min(min(shown), th.m1_accurate_low)
        high = max(max(shown), th.m1_accurate_high)
        pad = max((high - low) * 0.15, 0.05)
        fig.update_yaxes(range=[max(low - pad, 0.0), high + pad])
    fig.update_xaxes(title_text=t("axis_week_start", lang))
    fig.update_yaxes(title_text=t("axis_accuracy", lang))
    return base_layout(fig, t("chart_accuracy_title", lang), percent_axis=True, lang=lang)


def linearity_figure(
    weeks: Sequence[int],
    weekly: Sequence[float | None],
    cumulative: Sequence[float | None],
    ideal: Sequence[float],
    lang: str,
    currency: str = "¥",
    ideal_label: str | None = None,
) -> go.Figure:
    """M13: weekly bookings as bars, cumulative bookings as a line, the ideal straight line dashed.

    `ideal` is the straight line from 0 to the quarter's total at week 13 (the reference that
    M13's index measures the distance from), given by the caller for each week; while a quarter
    runs the caller may draw the straight path to the target instead and name it `ideal_label`.
    """
    labels = [t("week_label", lang, n=w) for w in weeks]  # W1 … W13, 第1周 … 第13周
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=labels,
            y=list(weekly),
            name=t("trace_weekly", lang),
            marker_color="rgba(91, 141, 239, 0.55)",
            hovertemplate=f"%{{x}}: {currency}%{{y:,.0f}}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=list(cumulative),
            mode="lines+markers",
            name=t("trace_cumulative", lang),
            line={"color": "#1f4fb4", "width": 3},
            hovertemplate=f"%{{x}}: {currency}%{{y:,.0f}}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=list(ideal),
            mode="lines",
            name=ideal_label or t("trace_ideal", lang),
            line={"color": LINE_COLORS["good"], "width": 2, "dash": "dash"},
            hovertemplate=f"%{{x}}: {currency}%{{y:,.0f}}<extra></extra>",
        )
    )
    fig.update_xaxes(title_text=t("axis_week", lang))
    top = max([*(v for v in cumulative if v is not None), *ideal, 1.0])
    fig.update_yaxes(title_text=t("axis_cumulative", lang), **money_axis(top, lang, currency))
    return base_layout(fig, t("chart_linearity_title", lang), lang=lang)
