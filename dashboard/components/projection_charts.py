"""The M19 projection fan: how the projection of the running quarter moved, week by week.

One figure builder (unit-tested); the page only draws it. The band is P10-P90 of the quarter's
final bookings as projected at each weekly snapshot, the line its P50, beside what was booked so
far, with the quarter's target and stretch target as horizontal lines.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.components.bands import LINE_COLORS
from dashboard.components.charts import base_layout, money_axis
from dashboard.i18n import t

BAND_FILL = "rgba(91, 141, 239, 0.22)"
P50_COLOR = "#1f4fb4"
BOOKED_COLOR = "#6b7280"


def _values(frame: pd.DataFrame, col: str) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in frame[col]]


def projection_fan_figure(fan: pd.DataFrame, lang: str, currency: str = "¥") -> go.Figure:
    """P10-P90 band and P50 line per week of the quarter; booked so far; target and stretch.

    `fan` has one row per snapshot: week, p10, p50, p90, booked, target, stretch_target (the
    rows of analytics.backtest.quarter_fan for one scope). Weeks without a projection leave a gap.
    """
    labels = [t("week_label", lang, n=int(w)) for w in fan["week"]]  # W1 … in English
    hover = f"%{{x}}: {currency}%{{y:,.0f}}<extra>%{{fullData.name}}</extra>"
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=_values(fan, "p90"),
            mode="lines",
            line={"width": 0},
            name="P90",
            showlegend=False,
            hovertemplate=hover,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=_values(fan, "p10"),
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor=BAND_FILL,
            name=t("proj_band", lang),
            hovertemplate=hover,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=_values(fan, "p50"),
            mode="lines+markers",
            line={"color": P50_COLOR, "width": 3},
            name=t("proj_p50", lang),
            hovertemplate=hover,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=_values(fan, "booked"),
            mode="lines",
            line={"color": BOOKED_COLOR, "width": 2, "dash": "dot"},
            name=t("proj_booked", lang),
            hovertemplate=hover,
        )
    )
    for col, key, level, dash in (
        ("target", "proj_target", "warn", "dash"),
        ("stretch_target", "proj_stretch", "good", "dashdot"),
    ):
        values = fan[col].dropna() if col in fan.columns else pd.Series(dtype=float)
        if len(values):
            fig.add_trace(
                go.Scatter(
                    x=labels,
                    y=[float(values.iloc[-1])] * len(labels),
                    mode="lines",
                    line={"color": LINE_COLORS[level], "width": 2, "dash": dash},
                    name=t(key, lang),
                    hovertemplate=hover,
                )
            )
    fig = base_layout(fig, t("proj_chart_title", lang), lang=lang)
    amounts = [
        v for col in ("p90", "target", "stretch_target") if col in fan for v in _values(fan, col)
    ]
    top = max([v for v in amounts if v is not None], default=1.0)
    fig.update_yaxes(**money_axis(top, lang, currency), rangemode="tozero")
    return fig
