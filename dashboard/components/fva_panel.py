"""The Overview's "forecast value added" panel (M20): does each layer of the roll-up make the
week's forecast better? One table of the levels for the filtered company, one of the managers.

Every number comes from analytics.metrics.fva.value_added; this module formats and draws.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.metrics.fva import value_added
from dashboard.components.tables import show_table
from dashboard.context import PageContext


def _num(value: object) -> float | None:
    """A frame cell as a float, None when it is empty."""
    if isinstance(value, int | float) and value == value:
        return float(value)
    return None


def _signed(ctx: PageContext, value: object) -> str:
    number = _num(value)
    if number is None:
        return "—"
    return ("+" if number > 0 else "") + ctx.pct(number)


def _interval(ctx: PageContext, low: object, high: object) -> str:
    if _num(low) is None or _num(high) is None:
        return "—"
    return f"{_signed(ctx, low)} … {_signed(ctx, high)}"


def _finding(ctx: PageContext, finding: object) -> str:
    return ctx.t(f"fva_finding_{finding}") if isinstance(finding, str) else "—"


def _table(
    ctx: PageContext, frame: pd.DataFrame, first: str, first_values: list[str]
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            first: first_values,
            ctx.t("fva_col_wape"): [ctx.pct(v) for v in frame["wape"]],
            ctx.t("fva_col_bias"): [_signed(ctx, v) for v in frame["bias"]],
            ctx.t("fva_col_hit"): [ctx.pct(v, 0) for v in frame["hit_rate"]],
            ctx.t("fva_col_value"): [_signed(ctx, v) for v in frame["value"]],
            ctx.t("fva_col_interval"): [
                _interval(ctx, lo, hi)
                for lo, hi in zip(frame["value_added_low"], frame["value_added_high"], strict=True)
            ],
            ctx.t("fva_col_finding"): [_finding(ctx, f) for f in frame["finding"]],
        }
    )


def show_fva(ctx: PageContext) -> None:
    """The panel, over the sidebar's month range and filters."""
    st.subheader(ctx.t("fva_title"))
    levels = ctx.call(value_added, ctx.query(by="company"))
    if levels.empty:
        st.caption(ctx.t("fva_none"))
        return
    st.caption(ctx.t("fva_caption", range=str(levels["period"].iloc[0])))
    shown = _table(
        ctx,
        levels,
        ctx.t("fva_col_level"),
        [ctx.t(f"fva_level_{lv}") for lv in levels["level"]],
    )
    show_table(shown, key="fva_levels", file_name="forecast-value-added", lang=ctx.lang)
    managers = ctx.call(value_added, ctx.query(by="manager"))
    mine = managers[managers["level"] == "manager"].reset_index(drop=True)
    st.markdown(f"**{ctx.t('fva_by_manager')}**")
    shown = _table(ctx, mine, ctx.t("fva_col_manager"), [str(s) for s in mine["scope"]])
    show_table(shown, key="fva_managers", file_name="forecast-value-added-managers", lang=ctx.lang)
