"""The review's tables as people read them: by rep/region/company, and pipeline quality vs last month.

Numbers come from analytics (dashboard/components/monthly_data.py); here they are formatted by
the context, coloured by the bands of the settings, and the total rows are marked. Downloads keep
the analytics frames (numbers, not text).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.components import printing
from dashboard.components.bands import band_for
from dashboard.components.tables import download_button
from dashboard.components.weekly_table import CELL_COLORS, DASH, TOTAL_STYLE
from dashboard.context import PageContext

# As on the weekly page, the region shows through the grouping and is a column of the download.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("rep", "mo_col_rep"),
    ("amounts", "mo_col_amounts"),
    ("cover", "mo_col_cover"),
    ("submitted", "mo_col_submitted"),
    ("coverage", "mo_col_coverage"),
    ("growth", "mo_col_growth"),
    ("commit_growth", "mo_col_commit_growth"),
    ("score", "mo_col_score"),
)
UP, DOWN, SAME = "▲", "▼", "="
HELP: dict[str, str] = {
    "amounts": "mo_help_m8",
    "cover": "mo_help_m8",
    "submitted": "mo_help_m14m",
    "coverage": "mo_help_col_coverage",
    "growth": "mo_help_m10",
    "commit_growth": "mo_help_m10c",
    "score": "mo_help_col_score",
}


def num(value: Any) -> float | None:
    """A cell as a float, None when missing."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def arrow(now: float | None, before: float | None, digits: int | None = None) -> str:
    """▲ when the number went up, ▼ when down, = when unchanged, '' when either is missing.

    With `digits`, numbers equal once rounded as shown count as unchanged (no arrow that the
    two printed numbers would contradict).
    """
    if now is None or before is None:
        return ""
    if digits is not None:
        now, before = round(now, digits), round(before, digits)
    if math.isclose(now, before, rel_tol=1e-9, abs_tol=1e-9):
        return SAME
    return UP if now > before else DOWN


def _label(ctx: PageContext, row: pd.Series) -> str:
    if row["level"] == "company":
        return ctx.t("mo_total_company")
    if row["level"] == "region":
        return ctx.t("mo_total_region", region=str(row["scope"]))
    name = row.get("rep_name")
    return name if isinstance(name, str) and name else str(row["scope"])


def _submitted(ctx: PageContext, row: pd.Series) -> tuple[str, str]:
    rate = num(row.get("m14m_rate"))
    expected = num(row.get("m14m_expected"))
    if expected is None:
        return DASH, ""
    level = band_for("M14m", rate, ctx.settings.thresholds).level
    if row["level"] == "rep":
        if (num(row.get("m14m_missing")) or 0) > 0:
            key = "mo_sub_missing_status"
        elif (num(row.get("m14m_late")) or 0) > 0:
            key = "mo_sub_late_status"
        else:
            key = "mo_sub_on_time_status"
        return ctx.t(key), CELL_COLORS[level]
    text = ctx.t(
        "mo_sub_rate",
        pct=ctx.pct(rate, 0),
        on_time=ctx.number(num(row.get("m14m_on_time"))),
        expected=ctx.number(expected),
    )
    return text, CELL_COLORS[level]


def review_row(ctx: PageContext, row: pd.Series) -> tuple[dict[str, str], dict[str, str]]:
    """One row of the review table as text, and the CSS of its coloured cells."""
    th = ctx.settings.thresholds
    cover, coverage = num(row.get("m8_cover")), num(row.get("m9_coverage"))
    growth, commit_growth = num(row.get("m10_growth")), num(row.get("m10c_growth"))
    score, previous = num(row.get("m11s_score")), num(row.get("m11s_prev"))
    cells = {
        "rep": _label(ctx, row),
        "amounts": ctx.t(
            "mo_sub_of",
            value=ctx.money(num(row.get("m8_forecast"))),
            target=ctx.money(num(row.get("m8_stretch"))),
        ),
        "cover": ctx.pct(cover),
        "coverage": ctx.pct(coverage, 0),
        "growth": ctx.pct(growth),
        "commit_growth": ctx.pct(commit_growth),
        "score": ctx.number(score, 1)
        if previous is None
        else ctx.t(
            "mo_score_text",
            value=ctx.number(score, 1),
            arrow=arrow(score, previous, 1),
            previous=ctx.number(previous, 1),
        ),
    }
    css = {
        "cover": CELL_COLORS[band_for("M8", cover, th).level],
        "coverage": CELL_COLORS[band_for("M9", coverage, th).level],
        "growth": CELL_COLORS[band_for("M10", growth, th).level],
        "commit_growth": CELL_COLORS[band_for("M10c", commit_growth, th).level],
    }
    cells["submitted"], css["submitted"] = _submitted(ctx, row)
    if score is not None and previous is not None and arrow(score, previous, 1) != SAME:
        css["score"] = CELL_COLORS["good" if score > previous else "bad"]
    if row["level"] != "rep":
        css = {c: "; ".join(s for s in (TOTAL_STYLE, css.get(c, "")) if s) for c, _ in COLUMNS}
    return cells, css


def _draw(
    display: pd.DataFrame, css: pd.DataFrame, key: str, config: dict[str, Any] | None = None
) -> None:
    styler: Any = display.style.apply(lambda _: css, axis=None)
    st.dataframe(
        styler, hide_index=True, width="stretch", height="content", key=key, column_config=config
    )
    printing.print_copy(display, css)


def show_review_table(ctx: PageContext, table: pd.DataFrame, *, key: str, file_name: str) -> None:
    """The coloured review table and the download of its numbers."""
    headers = [ctx.t(k) for _, k in COLUMNS]
    rows, styles = [], []
    for _, row in table.iterrows():  # one row per rep and region: a few dozen at most
        cells, css = review_row(ctx, row)
        rows.append([cells.get(c, "") for c, _ in COLUMNS])
        styles.append([css.get(c, "") for c, _ in COLUMNS])
    config = {
        ctx.t(k): st.column_config.Column(help=ctx.t(HELP[c])) for c, k in COLUMNS if c in HELP
    }
    _draw(pd.DataFrame(rows, columns=headers), pd.DataFrame(styles, columns=headers), key, config)
    download_button(table, key=f"{key}_csv", file_name=file_name, lang=ctx.lang)


# -- pipeline quality against last month ---------------------------------------------------------
# (text key, M11 column, previous column, unit, True when a higher number is better; None: neither)
QUALITY_ROWS: tuple[tuple[str, str, str, str, bool | None], ...] = (
    ("mo_q_share", "value", "prev_value", "pct", True),
    ("mo_q_weighted", "weighted_pipeline", "prev_weighted_pipeline", "money", True),
    ("mo_q_open_amount", "open_amount", "prev_open_amount", "money", True),
    ("mo_q_open_deals", "open_deals", "prev_open_deals", "count", None),
    ("mo_q_age", "avg_age_days", "prev_avg_age_days", "days", False),
    ("mo_q_stale", "stale_deals", "prev_stale_deals", "count", False),
    ("mo_q_past_due", "past_due_deals", "prev_past_due_deals", "count", False),
    ("mo_q_slipped", "slipped_deals", "prev_slipped_deals", "count", False),
    ("mo_q_conflicts", "conflicts", "prev_conflicts", "count", False),
)


def _fmt(ctx: PageContext, value: float | None, unit: str) -> str:
    if unit == "pct":
        return ctx.pct(value)
    if unit == "money":
        return ctx.money(value)
    if unit == "days":
        return ctx.number(value, 1)
    if unit == "score":
        return ctx.number(value, 1)
    return ctx.number(value)


SHOWN_DIGITS: dict[str, int | None] = {"pct": 3, "money": None, "days": 1, "score": 1, "count": 0}


def _trend(
    ctx: PageContext, now: float | None, before: float | None, unit: str, higher_better: bool | None
) -> tuple[str, str]:
    mark = arrow(now, before, SHOWN_DIGITS.get(unit))
    if not mark or mark == SAME or higher_better is None:
        word = ctx.t("mo_q_same") if mark == SAME else ""
        return f"{mark} {word}".strip(), ""
    better = (mark == UP) == higher_better
    word = ctx.t("mo_q_better" if better else "mo_q_worse")
    return f"{mark} {word}", CELL_COLORS["good" if better else "bad"]


def show_quality_table(
    ctx: PageContext, components: pd.Series, score: pd.Series | None, *, key: str
) -> None:
    """M11's components and the M11s score: this month, the month before, and the direction."""
    th = ctx.settings.thresholds
    rows = []
    for text_key, column, prev_column, unit, higher in QUALITY_ROWS:
        rows.append(
            (
                ctx.t(
                    text_key,
                    stage=ctx.number(th.m11_quality_stage),
                    n=th.m11_stale_snapshots,
                ),
                num(components.get(column)),
                num(components.get(prev_column)),
                unit,
                higher,
            )
        )
    if score is not None:
        rows.append(
            (
                ctx.t("mo_q_score"),
                num(score.get("value")),
                num(score.get("prev_value")),
                "score",
                True,
            )
        )
    headers = [ctx.t(k) for k in ("mo_q_component", "mo_q_now", "mo_q_before", "mo_q_trend")]
    texts, styles = [], []
    for label, now, before, unit, higher in rows:
        trend, color = _trend(ctx, now, before, unit, higher)
        texts.append([label, _fmt(ctx, now, unit), _fmt(ctx, before, unit), trend])
        styles.append(["", "", "", color])
    _draw(pd.DataFrame(texts, columns=headers), pd.DataFrame(styles, columns=headers), key)
    raw = pd.DataFrame(
        [(label, now, before) for label, now, before, _, _ in rows],
        columns=["component", "this_month", "month_before"],
    )
    download_button(raw, key=f"{key}_csv", file_name="pipeline-quality", lang=ctx.lang)
