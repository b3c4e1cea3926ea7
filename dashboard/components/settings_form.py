"""The settings form of the Data page: fiscal year start, currency label and every threshold.

Saving validates through analytics.settings (the same rules as the file), writes the TOML file
beside the database with `save_settings`, and swaps the store's settings so every metric uses
them at once; the caches are cleared.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

import streamlit as st

from analytics.settings import (
    WHOLE_THRESHOLDS,
    Settings,
    SettingsError,
    Thresholds,
    save_settings,
    settings_from_dict,
)
from dashboard import data
from dashboard.context import PageContext

SAVED = "_set_saved"


def threshold_label(ctx: PageContext, name: str) -> str:
    """'M1 accurate from (m1_accurate_low)': the translated meaning and the settings key."""
    return f"{ctx.t('th_' + name)} (`{name}`)"


def apply_settings(ctx: PageContext, new: Settings) -> Settings:
    """Validate, save and use new settings; raises SettingsError on an invalid value."""
    checked = settings_from_dict(new.to_toml_dict(), "settings form")
    save_settings(checked, ctx.store.settings_path)
    ctx.store.settings = checked
    data.clear_caches()
    return checked


def render_settings(ctx: PageContext) -> None:
    current = ctx.settings
    saved = st.session_state.pop(SAVED, None)
    if saved:
        st.success(saved, icon=":material/check_circle:")
    with st.form("set_form", border=True):
        st.markdown(f"**{ctx.t('settings_calendar')}**")
        left, right = st.columns(2)
        fiscal = left.number_input(
            ctx.t("settings_fiscal_start"),
            min_value=1,
            max_value=12,
            step=1,
            value=int(current.fiscal_year_start_month),
            key="set_fiscal_start",
        )
        currency = right.text_input(
            ctx.t("settings_currency"),
            value=current.currency_label,
            max_chars=8,
            key="set_currency",
        )
        st.markdown(f"**{ctx.t('settings_thresholds')}**")
        values: dict[str, Any] = {}
        columns = st.columns(3)
        for index, f in enumerate(fields(Thresholds)):
            value = getattr(current.thresholds, f.name)
            column = columns[index % 3]
            if f.name in WHOLE_THRESHOLDS:
                values[f.name] = column.number_input(
                    threshold_label(ctx, f.name),
                    min_value=1,
                    step=1,
                    value=int(value),
                    key=f"set_th_{f.name}",
                )
            elif f.name == "m11_quality_stage":
                values[f.name] = column.number_input(
                    threshold_label(ctx, f.name),
                    min_value=0.0,
                    max_value=100.0,
                    step=5.0,
                    value=float(value),
                    format="%.0f",
                    key=f"set_th_{f.name}",
                )
            else:
                values[f.name] = column.number_input(
                    threshold_label(ctx, f.name),
                    min_value=0.0,
                    max_value=10.0,
                    step=0.01,
                    value=float(value),
                    format="%.2f",
                    key=f"set_th_{f.name}",
                )
        submitted = st.form_submit_button(ctx.t("settings_save"), type="primary", key="set_save")
    if submitted:
        new = replace(
            current,
            fiscal_year_start_month=int(fiscal),
            currency_label=str(currency).strip() or current.currency_label,
            thresholds=Thresholds(**values),
        )
        try:
            apply_settings(ctx, new)
        except SettingsError as exc:
            st.error(ctx.t("settings_invalid", message=str(exc)))
            return
        st.session_state[SAVED] = ctx.t("settings_saved", path=str(ctx.store.settings_path))
        st.rerun()
