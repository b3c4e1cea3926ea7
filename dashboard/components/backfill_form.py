"""The "Build history" tab of the Data page: one deals extract (and its field history) rebuilt into
weekly snapshots and bookings as one load (analytics.backfill, docs/loading.md).

The extract is mapped with the upload's editor (as the table `deals`), with the upload's stage
names and rejects option; the preview shows the weeks and deals it will write (the store is left
as it was); building runs under a progress bar; the new load is shown and is in the Loads tab.
The logic without widgets is in dashboard/backfills.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from analytics.backfill import BackfillReport
from analytics.calendar import today
from analytics.errors import ForecastDeskError, LoadError, UsageError
from dashboard import backfills, data, uploads
from dashboard.components import upload_form
from dashboard.components.tables import escape_markdown, show_table
from dashboard.context import PageContext

OUTCOME = "_bf_outcome"
BUILT = "_bf_built"  # digest of the files last built, so that one click builds them once
TABLE = "deals"
WEEKLY_COLUMNS = ("snapshot_date", "deals", "open_deals", "open_amount", "won", "lost")
LOAD_COLUMNS = ("load_id", "table_name", "file_name", "rows", "loaded_at", "notes")


def render_backfill(ctx: PageContext) -> None:
    st.subheader(ctx.t("bf_title"))
    st.caption(ctx.t("bf_caption"))
    st.caption(ctx.t("bf_rules"))
    left, right = st.columns(2)
    extract = left.file_uploader(ctx.t("bf_extract"), type=["csv", "txt"], key="bf_file")
    history = right.file_uploader(ctx.t("bf_history"), type=["csv", "txt"], key="bf_history")
    first, last = st.columns(2)
    date_from: date | None = first.date_input(ctx.t("bf_from"), value=None, key="bf_from")
    date_to: date | None = last.date_input(ctx.t("bf_to"), value=today(), key="bf_to")
    if extract is not None:
        _with_extract(ctx, extract, history, date_from, date_to or today())
    _show_outcome(ctx)


def _with_extract(
    ctx: PageContext, extract: Any, history: Any, date_from: date | None, date_to: date
) -> None:
    path = uploads.save_upload(extract.name, extract.getvalue())
    hist_path = None if history is None else uploads.save_upload(history.name, history.getvalue())
    try:
        _preview_and_build(ctx, extract, history, path, hist_path, date_from, date_to)
    finally:  # the copies live for this run only (the uploader keeps the bytes for the next)
        uploads.discard_upload(path)
        if hist_path is not None:
            uploads.discard_upload(hist_path)


def _preview_and_build(
    ctx: PageContext,
    extract: Any,
    history: Any,
    path: Path,
    hist_path: Path | None,
    date_from: date | None,
    date_to: date,
) -> None:
    digest = path.parent.name + ("" if hist_path is None else hist_path.parent.name)
    if st.session_state.get(BUILT) == digest:
        return  # built: the outcome below shows the load; the store now holds these weeks
    column_map: dict[str, str] = dict(st.session_state.get(upload_form.map_key(TABLE), {}))
    pairs = tuple(sorted(column_map.items()))
    try:
        mapped = data.file_preview(
            ctx.store, ctx.key, TABLE, str(path), path.parent.name, None, extract.name, None, pairs
        )
    except (UsageError, LoadError) as exc:  # a remembered mapping that does not fit: drop it
        st.session_state.pop(upload_form.map_key(TABLE), None)
        st.warning(ctx.t("upload_preview_failed", message=escape_markdown(str(exc))))
        return
    upload_form.edit_mapping(ctx, TABLE, mapped, column_map)
    stages, rejects = upload_form.load_options(ctx, prefix="bf")
    wanted = backfills.request(
        path,
        file_name=extract.name,
        history=hist_path,
        history_name=None if history is None else history.name,
        date_from=date_from,
        date_to=date_to,
        column_map=column_map,
        stages=stages,
        rejects=rejects,
    )
    try:
        report = backfills.preview(ctx.store, wanted)
    except LoadError as exc:
        n = exc.total_errors or len(exc.errors)
        st.error(ctx.t("bf_refused", file=escape_markdown(exc.file_name), n=n))
        upload_form.errors_table(ctx, uploads.errors_frame(exc), "bf_preview_errors")
        return
    except ForecastDeskError as exc:
        st.warning(ctx.t("upload_preview_failed", message=escape_markdown(str(exc))))
        return
    _show_preview(ctx, report)
    if st.button(ctx.t("bf_build"), key="bf_build", type="primary"):
        bar = st.progress(0.0, text=ctx.t("bf_step_read"))

        def step(fraction: float, code: str) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=ctx.t(f"bf_step_{code}"))

        outcome = backfills.build(ctx.store, wanted, step)
        st.session_state[OUTCOME] = outcome
        if outcome.status == "built":
            st.session_state[BUILT] = digest
            data.clear_caches()
        st.rerun()  # the sidebar, the Loads tab and the button reflect the new load


def _show_preview(ctx: PageContext, report: BackfillReport) -> None:
    st.markdown(f"**{ctx.t('bf_preview')}**")
    cols = st.columns(4)
    cols[0].metric(ctx.t("bf_weeks"), f"{report.weeks:,}")
    cols[1].metric(ctx.t("bf_deals"), f"{report.deals:,}")
    cols[2].metric(ctx.t("bf_rows"), f"{report.snapshot_rows:,}")
    cols[3].metric(ctx.t("bf_bookings"), f"{report.bookings:,}")
    st.caption(ctx.t("bf_span", first=report.first.isoformat(), last=report.last.isoformat()))
    if report.weekly is not None and not report.weekly.empty:
        weekly = report.weekly[list(WEEKLY_COLUMNS)].copy()
        weekly["snapshot_date"] = pd.to_datetime(weekly["snapshot_date"]).dt.date
        labels = {c: st.column_config.Column(ctx.t(f"bf_col_{c}")) for c in WEEKLY_COLUMNS}
        show_table(
            weekly, key="bf_weekly", file_name="backfill_weeks", lang=ctx.lang, column_config=labels
        )
        st.caption(ctx.t("bf_weekly_caption"))
    for note in report.notes:
        st.caption(f"ℹ️ {escape_markdown(note)}")


def _show_outcome(ctx: PageContext) -> None:
    outcome: backfills.BackfillOutcome | None = st.session_state.get(OUTCOME)
    if outcome is None:
        return
    if outcome.status == "built":
        st.success(
            ctx.t("bf_done", summary=escape_markdown(outcome.message)),
            icon=":material/check_circle:",
        )
        row = backfills.load_row(ctx.store, outcome.load_id)
        if row is not None:
            st.markdown(f"**{ctx.t('bf_the_load')}**")
            labels = {c: st.column_config.Column(ctx.t(f"loads_col_{c}")) for c in LOAD_COLUMNS}
            show_table(
                row[list(LOAD_COLUMNS)],
                key="bf_load",
                file_name="backfill_load",
                lang=ctx.lang,
                column_config=labels,
            )
        if outcome.rejected:
            st.download_button(
                ctx.t("bf_rejects_download", n=outcome.rejected),
                data=outcome.rejected_csv,
                file_name=f"rejected-{outcome.file_name}",
                mime="text/csv",
                key="bf_rejects_download",
            )
        return
    st.error(ctx.t("bf_refused", file=escape_markdown(outcome.file_name), n=outcome.total_errors))
    if outcome.errors.empty:
        st.code(outcome.message, language=None)
    else:
        upload_form.errors_table(ctx, outcome.errors, "bf_errors")
