"""Figures of the Monthly forecast review: bars by month or horizon over the thresholds.

Builders take the analytics frames as they come (period, value …) and return Plotly figures; the
bands and lines come from the settings through dashboard.components.charts.metric_guides (M8:
the 100% line, M9: 150%, M10/M10c: the 5% floor and the 10% good line). M7 has no threshold of
its own: its chart draws the 100% "actual = forecast" reference line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from analytics.settings import Thresholds
from dashboard.components.bands import LINE_COLORS, band_for
from dashboard.components.charts import Guide, add_guides, base_layout, metric_guides, money_axis
from dashboard.i18n import t

PIPELINE_COLOR = "#5b8def"
COMMIT_COLOR = "#1f4fb4"
LABEL_BACKGROUND = "rgba(255, 255, 255, 0.85)"  # guide labels stay readable over the bars


def values_of(frame: pd.DataFrame, column: str = "value") -> list[float | None]:
    """A column as floats with None for missing values (Plotly leaves a gap)."""
    if column not in frame.columns:
        return [None] * len(frame)
    out: list[float | None] = []
    for value in frame[column]:
        try:
            number = float(value)
        except (TypeError, ValueError):
            out.append(None)
            continue
        out.append(None if math.isnan(number) else number)
    return out


def _range(values: Sequence[float | None], floor: float, lowest: float = 0.0) -> list[float]:
    present = [v for v in values if v is not None]
    top = max(present + [floor])
    bottom = min(present + [lowest])
    pad = (top - bottom) * 0.12 or 0.1
    return [bottom - (pad if bottom < 0 else 0), top + pad]


def period_bars_figure(
    frame: pd.DataFrame,
    metric_id: str,
    th: Thresholds,
    lang: str,
    *,
    title: str,
    x_title: str,
) -> go.Figure:
    """One bar per period of a ratio metric, coloured by its band, with the metric's guides."""
    values = values_of(frame)
    colors = [LINE_COLORS[band_for(metric_id, v, th).level] for v in values]
    fig = go.Figure(
        go.Bar(
            x=frame["period"].astype(str).tolist(),
            y=values,
            marker={"color": colors},
            text=[f"{v:.0%}" if v is not None else "" for v in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{y:.1%}<extra></extra>",
            name=metric_id,
        )
    )
    guides = metric_guides(metric_id, th, lang)
    add_guides(fig, guides)
    fig.update_xaxes(title_text=x_title, type="category")
    fig.update_yaxes(range=_range(values, max([g.y1 for g in guides] + [1.0]) * 1.05))
    base_layout(fig, title, percent_axis=True, lang=lang)
    fig.update_layout(hovermode="closest", showlegend=False, bargap=0.35)
    fig.update_annotations(bgcolor=LABEL_BACKGROUND, borderpad=2)
    return fig


def so_far_values(
    frame: pd.DataFrame, numerator: str, denominator: str
) -> tuple[list[float | None], list[bool]]:
    """The bar heights of a metric whose running periods are empty (status `in_progress`): the
    judged value, or numerator / denominator "so far" for a running period; and which is which."""
    values = values_of(frame)
    if "status" not in frame.columns:
        return values, [False] * len(values)
    running = [s == "in_progress" for s in frame["status"]]
    nums, dens = values_of(frame, numerator), values_of(frame, denominator)
    for i, flag in enumerate(running):
        if flag and nums[i] is not None and dens[i]:
            values[i] = nums[i] / dens[i]  # type: ignore[operator]
    return values, running


def growth_figure(
    pipeline: pd.DataFrame, commit: pd.DataFrame, th: Thresholds, lang: str, *, title: str
) -> go.Figure:
    """M10 and M10c by month as grouped bars, with the floor (5%) and good (10%) lines."""
    fig = go.Figure()
    all_values: list[float | None] = []
    so_far = t("trace_so_far", lang)
    for frame, name, color, num, den in (
        (pipeline, t("mo_trace_m10", lang), PIPELINE_COLOR, "pipeline_change", "previous_pipeline"),
        (commit, t("mo_trace_m10c", lang), COMMIT_COLOR, "commit_change", "previous_commit"),
    ):
        # A running month's growth is drawn "so far": hatched, never as a judged bar or a 0.
        values, running = so_far_values(frame, num, den)
        all_values += values
        fig.add_trace(
            go.Bar(
                x=frame["period"].astype(str).tolist() if "period" in frame.columns else [],
                y=values,
                name=name,
                marker={
                    "color": color,
                    "pattern": {"shape": ["/" if r else "" for r in running], "solidity": 0.3},
                },
                customdata=[so_far if r else "" for r in running],
                hovertemplate=f"{name} %{{x}}: %{{y:.1%}} %{{customdata}}<extra></extra>",
            )
        )
    guides = metric_guides("M10", th, lang)
    add_guides(fig, guides)
    fig.update_xaxes(type="category")  # no axis title: the legend sits under the plot
    fig.update_yaxes(range=_range(all_values, max(g.y1 for g in guides) * 1.3, min(0.0, -0.05)))
    base_layout(fig, title, percent_axis=True, lang=lang)
    fig.update_layout(barmode="group", hovermode="closest")
    fig.update_annotations(bgcolor=LABEL_BACKGROUND, borderpad=2)
    return fig


def horizon_figure(frame: pd.DataFrame, lang: str, *, title: str) -> go.Figure:
    """M7: actual / forecast by horizon (1..12 months ahead), with the 100% reference line."""
    values = values_of(frame)
    horizons = [str(int(h)) for h in frame["horizon"]] if "horizon" in frame.columns else []
    fig = go.Figure(
        go.Bar(
            x=horizons,
            y=values,
            name=t("mo_trace_m7", lang),
            marker={"color": PIPELINE_COLOR},
            text=[f"{v:.0%}" if v is not None else "" for v in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="h = %{x}: %{y:.1%}<extra></extra>",
        )
    )
    add_guides(fig, [Guide("line", 1.0, 1.0, "none", t("mo_line_forecast_met", lang))])
    fig.update_xaxes(title_text=t("mo_axis_horizon", lang), type="category")
    fig.update_yaxes(range=_range(values, 1.1))
    base_layout(fig, title, percent_axis=True, lang=lang)
    fig.update_layout(hovermode="closest", showlegend=False, bargap=0.3)
    fig.update_annotations(bgcolor=LABEL_BACKGROUND, borderpad=2)
    return fig


def twelve_month_figure(
    frame: pd.DataFrame, currency: str, lang: str, *, title: str, labels: dict[str, str]
) -> go.Figure:
    """The twelve months of one review: forecast and upside bars against the stretch target.

    `frame` is analytics' twelve_month_profile for one scope (month, forecast, upside,
    stretch_target, cover); `labels` names the three series in the page's language.
    """
    months = frame["month"].astype(str).tolist()
    forecast = [None if pd.isna(v) else float(v) for v in frame["forecast"]]
    upside = [None if pd.isna(v) else float(v) for v in frame["upside"]]
    stretch = [None if pd.isna(v) else float(v) for v in frame["stretch_target"]]
    cover = [None if pd.isna(v) else float(v) for v in frame["cover"]]
    fig = go.Figure()
    fig.add_bar(
        x=months,
        y=forecast,
        name=labels["forecast"],
        marker={"color": COMMIT_COLOR},
        customdata=[f"{c:.0%}" if c is not None else "–" for c in cover],
        hovertemplate="%{x}: " + currency + "%{y:,.0f} (%{customdata})<extra></extra>",
    )
    fig.add_bar(
        x=months,
        y=upside,
        name=labels["upside"],
        marker={"color": PIPELINE_COLOR, "opacity": 0.45},
        hovertemplate="%{x}: " + currency + "%{y:,.0f}<extra></extra>",
    )
    # The stretch target of each month as a threshold mark across its bar (M8's 100% line, month
    # by month), with a legend entry of its own.
    for position, value in enumerate(stretch):
        if value is not None:
            fig.add_shape(
                type="line",
                xref="x",
                yref="y",
                x0=position - 0.45,
                x1=position + 0.45,
                y0=value,
                y1=value,
                line={"color": LINE_COLORS["bad"], "width": 3},
            )
    # A month the latest forecasts do not reach yet (a review not yet submitted) says so where its
    # bar would stand, rather than looking like a forecast of zero.
    for position, (f, value) in enumerate(zip(forecast, stretch, strict=True)):
        if f is None and "missing" in labels:
            fig.add_annotation(
                x=months[position],
                y=(value or 0.0) / 2,
                text=labels["missing"],
                showarrow=False,
                textangle=-90,
                font={"color": "#6b7280", "size": 11},
            )
    fig.add_scatter(
        x=months,
        y=stretch,
        name=labels["stretch"],
        mode="markers",
        marker={"color": LINE_COLORS["bad"], "symbol": "line-ew-open", "size": 18},
        hovertemplate="%{x}: " + currency + "%{y:,.0f}<extra></extra>",
    )
    fig.update_xaxes(type="category")  # before base_layout: months as categories in Chinese
    base_layout(fig, title, lang=lang)
    fig.update_layout(barmode="stack", hovermode="closest", bargap=0.3)
    stacks = [(f or 0.0) + (u or 0.0) for f, u in zip(forecast, upside, strict=True)]
    top = max([*stacks, *(v for v in stretch if v is not None), 1.0])
    fig.update_yaxes(**money_axis(top, lang, currency))
    return fig
