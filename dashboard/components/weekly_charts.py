"""Figures of the Weekly commit call page: one bar per rep, coloured by band, over the thresholds.

Each builder takes the rep rows of analytics.metrics.weekly.weekly_table (the page passes them
unchanged) and returns a Plotly figure; the bands and lines come from the settings through
dashboard.components.charts.metric_guides, so every page draws the same edges.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from analytics.settings import Thresholds
from dashboard.components.bands import LINE_COLORS, band_for, commit_accuracy_band
from dashboard.components.charts import add_guides, base_layout, metric_guides
from dashboard.i18n import t

NEUTRAL = "#5b8def"
QUARTER_COLOR = "#1f4fb4"
# Above this many reps the value labels on the bars would overlap: the hover shows them instead.
LABELLED_BARS = 12
GUIDE_MARGIN = 84  # px at the right for the guides' labels


def _values(frame: pd.DataFrame, column: str) -> list[float | None]:
    out: list[float | None] = []
    for value in frame[column] if column in frame.columns else [None] * len(frame):
        number = None if value is None else float(value)
        out.append(None if number is None or math.isnan(number) else number)
    return out


def rep_labels(frame: pd.DataFrame) -> list[str]:
    """The rep's name where known, else the rep id."""
    names = frame["rep_name"] if "rep_name" in frame.columns else frame["scope"]
    return [
        str(n) if isinstance(n, str) and n.strip() else str(s)
        for n, s in zip(names, frame["scope"], strict=True)
    ]


def _bars(
    labels: Sequence[str], values: Sequence[float | None], colors: Sequence[str], name: str
) -> go.Bar:
    return go.Bar(
        x=list(labels),
        y=list(values),
        name=name,
        marker={"color": list(colors)},
        text=[f"{v:.0%}" if v is not None else "" for v in values]
        if len(values) <= LABELLED_BARS
        else None,
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{x}: %{y:.1%}<extra></extra>",
    )


def _finish(fig: go.Figure, title: str, lang: str, values: Sequence[float | None]) -> go.Figure:
    """Axes, a y range that shows the guides, and guide labels readable over the bars."""
    fig.update_xaxes(title_text=t("wk_axis_rep", lang), tickangle=-45, automargin=True)
    top = max([v for v in values if v is not None] + [0.0])
    fig.update_yaxes(range=[0, max(1.3, top * 1.15)])
    base_layout(fig, title, percent_axis=True, lang=lang)
    fig.update_layout(hovermode="closest", showlegend=False, bargap=0.3)
    # The guides' labels sit in the right margin beside their edge (name over range), never over
    # a bar's value label.
    for note in fig.layout.annotations:
        note.update(
            text=str(note.text).replace(" ", "<br>", 1),
            x=1,
            xref="x domain",
            xanchor="left",
            xshift=4,
            yanchor="middle",
            align="left",
        )
    fig.update_layout(margin={"r": GUIDE_MARGIN})
    return fig


def accuracy_by_rep_figure(
    reps: pd.DataFrame, th: Thresholds, lang: str, *, title: str
) -> go.Figure:
    """M1 of last week per rep: bars coloured by band over the accurate band (95–110%)."""
    values = _values(reps, "last_week_accuracy")
    actual = _values(reps, "last_week_actual")
    commit = _values(reps, "last_week_commit")
    colors = [
        LINE_COLORS[commit_accuracy_band(v, th, actual=a, commit=c).level]
        for v, a, c in zip(values, actual, commit, strict=True)
    ]
    fig = go.Figure(_bars(rep_labels(reps), values, colors, t("wk_trace_accuracy", lang)))
    add_guides(fig, metric_guides("M1", th, lang))
    return _finish(fig, title, lang, values)


def linearity_by_rep_figure(
    reps: pd.DataFrame, th: Thresholds, lang: str, *, title: str
) -> go.Figure:
    """M2 of this week per rep: commit / linear share, over the 95–100% band."""
    values = _values(reps, "commit_linearity")
    colors = [LINE_COLORS[band_for("M2", v, th).level] for v in values]
    fig = go.Figure(_bars(rep_labels(reps), values, colors, t("wk_trace_linearity", lang)))
    add_guides(fig, metric_guides("M2", th, lang))
    return _finish(fig, title, lang, values)


def cover_by_rep_figure(reps: pd.DataFrame, th: Thresholds, lang: str, *, title: str) -> go.Figure:
    """M3 per rep: month and quarter cover side by side, with the 100% line."""
    labels = rep_labels(reps)
    month = _values(reps, "month_cover")
    quarter = _values(reps, "quarter_cover")
    fig = go.Figure()
    for values, name, color in (
        (month, t("wk_trace_month_cover", lang), NEUTRAL),
        (quarter, t("wk_trace_quarter_cover", lang), QUARTER_COLOR),
    ):
        fig.add_trace(
            go.Bar(
                x=labels,
                y=values,
                name=name,
                marker={"color": color},
                hovertemplate=f"{name} %{{x}}: %{{y:.1%}}<extra></extra>",
            )
        )
    add_guides(fig, metric_guides("M3", th, lang))
    _finish(fig, title, lang, month + quarter)
    # The legend sits above the plot, right of the title: under it, it would cover the rotated
    # rep names.
    fig.update_layout(
        showlegend=True,
        barmode="group",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "right", "x": 1},
    )
    return fig


def has_values(reps: pd.DataFrame, *columns: str) -> bool:
    """Whether any rep has a number in one of the columns (else the chart says so instead)."""
    return any(v is not None for c in columns for v in _values(reps, c))
