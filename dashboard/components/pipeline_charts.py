"""Plotly figure builders of the Pipeline page: stage distribution, waterfall (M12), calibration (M15).

Each builder takes the frame analytics returned and only draws it: no sums or ratios are made
here except the signs with which M12's movements enter the chart (analytics' STEP_SIGNS), so
that the bars add up exactly as the metric defines them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analytics.metrics.waterfall import STEP_SIGNS, STEPS
from dashboard.components.bands import LINE_COLORS
from dashboard.components.charts import base_layout, money_axis
from dashboard.i18n import fmt_money, fmt_number, t

# The ladder of DOMAIN.md: a probability sits in the highest rung at or below it.
LADDER: tuple[int, ...] = (0, 25, 50, 60, 70, 80, 90, 100)
CATEGORY_ORDER: tuple[str, ...] = ("commit", "upside", "pipeline", "won", "omitted", "lost")
CATEGORY_COLORS: Mapping[str, str] = {
    "commit": "#1f4fb4",
    "upside": "#e3a21a",
    "pipeline": "#8fb3e8",
    "won": "#2ea043",
    "omitted": "#a0a7ad",
    "lost": "#da3633",
}
STEP_COLORS: Mapping[str, str] = {
    "total": "#1f4fb4",
    "up": LINE_COLORS["good"],
    "down": LINE_COLORS["bad"],
}


def category_label(category: str, lang: str) -> str:
    """A forecast category in the user's words (承诺, UPSIDE, 通路 …); unknown ones as given."""
    key = f"pl_cat_{category}"
    text = t(key, lang)
    return category if text == key else text


def stage_label(stage: float, lang: str) -> str:
    """A ladder rung over its phase, on two lines so that the axis needs no rotation."""
    rung = int(stage)
    return f"{rung}%<br>{t(f'pl_phase_{rung}', lang)}"


def deals_text(count: float, lang: str) -> str:
    """'1 deal', '12 deals' ('12 个商机')."""
    key = "pl_deals_one" if count == 1 else "pl_deals_many"
    return t(key, lang, n=fmt_number(count, lang))


def _float(value: Any) -> float:
    """A number from a frame cell; missing (None, NaN) draws as 0."""
    if value is None:
        return 0.0
    number = float(value)
    return 0.0 if math.isnan(number) else number


def stage_distribution_figure(
    frame: pd.DataFrame, lang: str, currency: str, *, title: str
) -> go.Figure:
    """Amount per ladder stage, stacked by forecast category, the deal count above each stack.

    `frame` has one row per stage (and category when a `forecast_category` column is present)
    with `stage`, `amount` and `deals`. Every rung of the ladder that the frame names is shown,
    empty rungs included, so a thin pipeline is visible as gaps.
    """
    rungs = sorted(set(LADDER) | {int(s) for s in frame["stage"]})
    x_labels = [stage_label(r, lang) for r in rungs]
    by_category = "forecast_category" in frame.columns
    fig = go.Figure()
    categories = (
        [c for c in CATEGORY_ORDER if c in set(frame["forecast_category"])]
        + sorted(set(frame["forecast_category"]) - set(CATEGORY_ORDER))
        if by_category
        else [None]
    )
    for category in categories:
        part = frame if category is None else frame[frame["forecast_category"] == category]
        amounts = {int(s): _float(a) for s, a in zip(part["stage"], part["amount"], strict=True)}
        deals = {int(s): _float(n) for s, n in zip(part["stage"], part["deals"], strict=True)}
        name = t("pl_open_pipeline", lang) if category is None else category_label(category, lang)
        fig.add_trace(
            go.Bar(
                x=x_labels,
                y=[amounts.get(r, 0.0) for r in rungs],
                name=name,
                marker_color=CATEGORY_COLORS.get(category or "pipeline", "#8fb3e8"),
                customdata=[deals_text(deals.get(r, 0.0), lang) for r in rungs],
                hovertemplate=f"{name}: {currency}%{{y:,.0f}} · %{{customdata}}<extra></extra>",
            )
        )
    counts = _stage_totals(frame, rungs)
    amounts_total = _stage_totals(frame, rungs, column="amount")
    heights = [amounts_total[r] for r in rungs]
    fig.add_trace(
        go.Scatter(
            x=x_labels,
            y=heights,
            mode="text",
            text=[deals_text(counts[r], lang) if counts[r] else "" for r in rungs],
            textposition="top center",
            textfont={"size": 11, "color": "#5b6770"},
            cliponaxis=False,
            showlegend=False,
            hoverinfo="skip",
        )
    )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickangle=0)
    top = max([*heights, 1.0]) * 1.15
    fig.update_yaxes(
        title_text=t("pl_axis_amount", lang), range=[0, top], **money_axis(top, lang, currency)
    )
    base_layout(fig, title, lang=lang)
    fig.update_layout(
        hovermode="closest",
        legend={"traceorder": "normal"},  # placed by base_layout (under the axis title)
    )
    return fig


def _stage_totals(
    frame: pd.DataFrame, rungs: Sequence[int], column: str = "deals"
) -> dict[int, float]:
    """The height of each stack (for placing the count label): the frame's rows of a rung added.

    Only label placement; the numbers shown are the deal counts analytics returned.
    """
    totals = {r: 0.0 for r in rungs}
    for stage, value in zip(frame["stage"], frame[column], strict=True):
        totals[int(stage)] = totals.get(int(stage), 0.0) + _float(value)
    return totals


def waterfall_measures(amounts: Mapping[str, float | None]) -> tuple[list[str], list[float]]:
    """The Plotly measures and signed bar values of M12, in the order of STEPS.

    start is absolute, each movement relative with the sign it has in start + movements = end,
    end a total; `end`'s value is the one analytics computed (Plotly draws the running sum,
    which equals it when the waterfall reconciles).
    """
    measures: list[str] = []
    values: list[float] = []
    for step in STEPS:
        amount = _float(amounts.get(step))
        if step == "start":
            measures.append("absolute")
            values.append(amount)
        elif step == "end":
            measures.append("total")
            values.append(amount)
        else:
            measures.append("relative")
            values.append(STEP_SIGNS[step] * amount)
    return measures, values


def waterfall_figure(
    amounts: Mapping[str, float | None], lang: str, currency: str, *, title: str
) -> go.Figure:
    """M12 as a waterfall: start, the seven movements (up green, down red), end."""
    measures, values = waterfall_measures(amounts)
    # two-word steps on two lines ("Pulled<br>in") so that the axis needs no rotation
    labels = [t(f"pl_step_{step}", lang).replace(" ", "<br>", 1) for step in STEPS]
    texts = [
        ("+" if m == "relative" and v > 0 else "") + fmt_money(v, lang, currency, compact=True)
        for m, v in zip(measures, values, strict=True)
    ]
    fig = go.Figure(
        go.Waterfall(
            x=labels,
            y=values,
            measure=measures,
            text=texts,
            textposition="outside",
            textfont={"size": 11},
            cliponaxis=False,
            connector={"line": {"color": "#c4c9ce", "width": 1}},
            increasing={"marker": {"color": STEP_COLORS["up"]}},
            decreasing={"marker": {"color": STEP_COLORS["down"]}},
            totals={"marker": {"color": STEP_COLORS["total"]}},
            hovertemplate=f"%{{x}}: {currency}%{{y:,.2f}}<extra></extra>",
            name="M12",
        )
    )
    fig.update_xaxes(tickangle=0)
    running = [sum(values[: i + 1]) for i in range(len(values) - 1)] + [values[-1]]
    fig.update_yaxes(
        title_text=t("pl_axis_amount", lang),
        **money_axis(max([*running, 1.0]), lang, currency, min([*running, 0.0])),
    )
    base_layout(fig, title, lang=lang)
    fig.update_layout(showlegend=False, hovermode="closest", margin={"t": 60})
    return fig


def calibration_figure(frame: pd.DataFrame, lang: str, *, title: str) -> go.Figure:
    """M15: observed win rate per stage (by count and by amount) against the diagonal.

    `frame` has `stage` (0–100), `observations`, `won`, `win_rate` and `win_rate_amount`. A
    well-calibrated ladder puts every point on the dashed diagonal (a 60% deal wins 60% of the
    time); points under it mean the stage promises more than it delivers.
    """
    x = [float(s) / 100 for s in frame["stage"]]
    observations = [fmt_number(_float(n), lang) for n in frame["observations"]]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            name=t("pl_calibration_diagonal", lang),
            line={"color": LINE_COLORS["none"], "dash": "dash", "width": 1.5},
            hoverinfo="skip",
        )
    )
    for column, key, color, symbol in (
        ("win_rate", "pl_win_rate_count", "#1f4fb4", "circle"),
        ("win_rate_amount", "pl_win_rate_amount", "#e3a21a", "diamond"),
    ):
        if column not in frame.columns:
            continue
        name = t(key, lang)
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[None if pd.isna(v) else float(v) for v in frame[column]],
                mode="lines+markers",
                name=name,
                line={"color": color, "width": 2},
                marker={"color": color, "size": 10, "symbol": symbol},
                customdata=observations,
                hovertemplate=(
                    f"{t('pl_axis_stage', lang)} %{{x:.0%}} · {name} %{{y:.1%}}"
                    f" · %{{customdata}} {t('pl_observations_unit', lang)}<extra></extra>"
                ),
            )
        )
    fig.update_xaxes(
        title_text=t("pl_axis_stage_prob", lang), tickformat=".0%", range=[-0.03, 1.03]
    )
    fig.update_yaxes(title_text=t("pl_axis_win_rate", lang), range=[-0.03, 1.05])
    base_layout(fig, title, percent_axis=True, lang=lang)
    fig.update_layout(hovermode="closest")
    return fig
