"""The note pages show where history was rebuilt from one extract without field history.

On such snapshots (analytics.backfill.rebuilt_range) close dates and amounts never change, so
slipped and stale deals (M11) and the pulled-in, pushed-out, increased and decreased steps of M12
are zero by construction: a page that shows them says so rather than let a zero pass for a fact.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from analytics.backfill import rebuilt_range
from dashboard.context import PageContext


def rebuilt_note(ctx: PageContext, first_day: date, last_day: date) -> None:
    """An info box when the snapshots [first_day, last_day] touch rebuilt history."""
    span = ctx.call(rebuilt_range)
    if span is None or first_day > span[1] or last_day < span[0]:
        return
    st.info(
        ctx.t("rebuilt_note", first=span[0].isoformat(), last=span[1].isoformat()),
        icon=":material/history:",
    )
