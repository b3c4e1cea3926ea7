"""Data page: upload a file into any of the six tables, see and remove loads, edit the settings,
download every table as CSV.

A file loads whole or not at all (analytics.ingest); a refused file shows every problem as a
row/column/value/message table; a snapshot date already stored asks before it is replaced; an
unload asks before it removes anything. Every change clears the caches of dashboard/data.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from analytics.errors import ForecastDeskError, LoadError
from analytics.store import DATA_TABLES
from dashboard import data, uploads
from dashboard.components import settings_form
from dashboard.components.tables import show_table, to_csv_bytes
from dashboard.context import PageContext, get_context

OUTCOME = "_up_outcome"
PENDING = "_up_pending"
LOADED_HASH = "_up_loaded"
UNLOAD_PENDING = "_ld_pending"
UNLOAD_MESSAGE = "_ld_message"


# -- upload -----------------------------------------------------------------------------------
def _preview_rows(preview: Any) -> pd.DataFrame | None:
    for attr in ("rows", "frame", "head", "sample", "data"):
        value = getattr(preview, attr, None)
        if isinstance(value, pd.DataFrame):
            return value
    return None


def _show_preview(ctx: PageContext, table: str, path: Any, snapshot_date: date | None) -> None:
    try:
        preview = uploads.preview(ctx.store, table, path, snapshot_date)
    except ImportError:
        return
    except LoadError as exc:
        st.error(ctx.t("upload_refused", file=exc.file_name, n=exc.total_errors or len(exc.errors)))
        show_table(
            uploads.errors_frame(exc),
            key="up_preview_errors",
            file_name="preview-errors",
            lang=ctx.lang,
        )
        return
    except (ForecastDeskError, ValueError, OSError) as exc:
        st.warning(ctx.t("upload_preview_failed", message=str(exc)))
        return
    st.subheader(ctx.t("upload_preview"))
    encoding = getattr(preview, "encoding", None)
    delimiter = getattr(preview, "delimiter", None)
    if encoding or delimiter:
        st.caption(ctx.t("upload_encoding", encoding=encoding or "?", delimiter=delimiter or "?"))
    left, right = st.columns([1, 2])
    with left:
        st.markdown(f"**{ctx.t('upload_mapping')}**")
        mapping = uploads.mapping_frame(getattr(preview, "mapping", None)).rename(
            columns={
                "target": ctx.t("upload_mapping_target"),
                "source": ctx.t("upload_mapping_source"),
            }
        )
        st.dataframe(mapping, hide_index=True, width="stretch", key="up_mapping")
    with right:
        rows = _preview_rows(preview)
        if rows is not None:
            st.dataframe(rows.head(20), hide_index=True, width="stretch", key="up_rows")
    for note in getattr(preview, "notes", None) or ():
        st.caption(f"ℹ️ {note}")


def _run_load(ctx: PageContext, pending: dict[str, Any], *, replace: bool) -> uploads.UploadOutcome:
    label = ctx.t("upload_loading", file=pending["file_name"])
    with st.status(label, expanded=False) as status:
        outcome = uploads.load_upload(
            ctx.store,
            pending["table"],
            pending["path"],
            file_name=pending["file_name"],
            snapshot_date=pending["snapshot_date"],
            replace=replace,
        )
        status.update(
            label=f"{pending['file_name']}: {outcome.status}",
            state="complete" if outcome.status == "loaded" else "error",
        )
    st.session_state[OUTCOME] = outcome
    if outcome.status == "needs_replace":
        st.session_state[PENDING] = pending
    else:
        st.session_state.pop(PENDING, None)
    if outcome.status == "loaded":
        st.session_state[LOADED_HASH] = pending["digest"]
        data.clear_caches()
        uploads.discard_upload(pending["path"])
    return outcome


def _show_outcome(ctx: PageContext) -> None:
    outcome: uploads.UploadOutcome | None = st.session_state.get(OUTCOME)
    if outcome is None:
        return
    if outcome.status == "unavailable":
        st.info(ctx.t("not_available_yet", what=ctx.t("upload_unavailable")))
    elif outcome.status == "loaded":
        st.success(ctx.t("upload_done", summary=outcome.message), icon=":material/check_circle:")
        for note in outcome.notes:
            st.caption(f"ℹ️ {note}")
    elif outcome.status == "refused":
        st.error(ctx.t("upload_refused", file=outcome.file_name, n=outcome.total_errors))
        if outcome.errors.empty:
            st.code(outcome.message, language=None)
        else:
            frame = outcome.errors.rename(
                columns={
                    "row": ctx.t("col_row"),
                    "column": ctx.t("col_column"),
                    "value": ctx.t("col_value"),
                    "message": ctx.t("col_message"),
                }
            )
            show_table(frame, key="up_errors", file_name="load-errors", lang=ctx.lang)
            rest = outcome.total_errors - len(outcome.errors)
            if rest > 0:
                st.caption(ctx.t("upload_more_errors", n=rest))
    elif outcome.status == "needs_replace":
        when = outcome.replace_date.isoformat() if outcome.replace_date else "?"
        st.warning(ctx.t("upload_replace_q", date=when), icon=":material/warning:")
        yes, no, _ = st.columns([1, 1, 4])
        if yes.button(ctx.t("upload_replace_yes"), key="up_replace_yes", type="primary"):
            pending = st.session_state.get(PENDING)
            if pending:
                _run_load(ctx, pending, replace=True)
                st.rerun()
        if no.button(ctx.t("upload_replace_no"), key="up_replace_no"):
            pending = st.session_state.pop(PENDING, None)
            if pending:
                uploads.discard_upload(pending["path"])
            st.session_state.pop(OUTCOME, None)
            st.toast(ctx.t("upload_cancelled"))
            st.rerun()


def _expected_columns(ctx: PageContext, table: str) -> None:
    columns = uploads.expected_columns(table)
    if columns is None:
        return
    with st.expander(
        ctx.t("upload_columns", table=ctx.t("table_" + table)), icon=":material/view_column:"
    ):
        st.dataframe(
            columns.rename(
                columns={
                    "column": ctx.t("upload_col_name"),
                    "required": ctx.t("upload_col_required"),
                    "also_accepted": ctx.t("upload_col_aliases"),
                }
            ),
            hide_index=True,
            width="stretch",
            key="up_columns",
        )
        st.caption(ctx.t("upload_samples_hint"))


def upload_tab(ctx: PageContext) -> None:
    left, right = st.columns([1, 2], gap="large")
    with left:
        table = st.selectbox(
            ctx.t("upload_table"),
            options=list(uploads.UPLOAD_TABLES),
            format_func=lambda name: f"{ctx.t('table_' + name)} ({name})",
            key="up_table",
        )
        snapshot_date: date | None = None
        if table == "snapshots":
            if st.checkbox(ctx.t("upload_use_snapshot_date"), key="up_use_date"):
                snapshot_date = st.date_input(
                    ctx.t("upload_snapshot_date"), value=date.today(), key="up_date"
                )
    with right:
        uploaded = st.file_uploader(ctx.t("upload_file"), type=["csv", "txt", "tsv"], key="up_file")
    _expected_columns(ctx, table)
    if uploaded is not None:
        content = uploaded.getvalue()
        path = uploads.save_upload(uploaded.name, content)
        digest = path.parent.name
        pending = {
            "table": table,
            "path": path,
            "file_name": uploaded.name,
            "snapshot_date": snapshot_date,
            "digest": digest,
        }
        _show_preview(ctx, table, path, snapshot_date)
        just_loaded = st.session_state.get(LOADED_HASH) == digest
        if st.button(ctx.t("upload_load"), key="up_load", type="primary", disabled=just_loaded):
            _run_load(ctx, pending, replace=False)
    _show_outcome(ctx)


# -- loads --------------------------------------------------------------------------------------
def loads_tab(ctx: PageContext) -> None:
    from analytics.loadlog import list_loads, unload

    message = st.session_state.pop(UNLOAD_MESSAGE, None)
    if message:
        st.success(message, icon=":material/check_circle:")
    loads = list_loads(ctx.store)
    if loads.empty:
        st.info(ctx.t("loads_empty"))
    else:
        show_table(loads, key="ld_table", file_name="loads", lang=ctx.lang)
        records = {int(str(r.load_id)): r for r in loads.itertuples(index=False)}
        pick, button = st.columns([3, 1], vertical_alignment="bottom")
        load_id = pick.selectbox(
            ctx.t("loads_pick"),
            options=list(records),
            format_func=lambda i: (
                f"{i} · {records[i].table_name} · {records[i].file_name} · {records[i].rows:,}"
            ),
            key="ld_pick",
        )
        if button.button(ctx.t("loads_unload"), key="ld_unload", icon=":material/delete:"):
            st.session_state[UNLOAD_PENDING] = load_id
        pending = st.session_state.get(UNLOAD_PENDING)
        if pending is not None and pending in records:
            rec = records[pending]
            st.warning(
                ctx.t(
                    "loads_confirm",
                    id=pending,
                    table=rec.table_name,
                    file=rec.file_name,
                    rows=f"{rec.rows:,}",
                ),
                icon=":material/warning:",
            )
            yes, no, _ = st.columns([1, 1, 4])
            if yes.button(ctx.t("loads_confirm_yes"), key="ld_confirm", type="primary"):
                removed = unload(ctx.store, int(pending))
                data.clear_caches()
                st.session_state.pop(UNLOAD_PENDING, None)
                st.session_state[UNLOAD_MESSAGE] = ctx.t(
                    "loads_removed",
                    id=removed.load_id,
                    table=removed.table_name,
                    file=removed.file_name,
                    rows=removed.rows,
                )
                st.rerun()
            if no.button(ctx.t("upload_replace_no"), key="ld_cancel"):
                st.session_state.pop(UNLOAD_PENDING, None)
                st.rerun()
    st.subheader(ctx.t("loads_counts"))
    counts = data.table_counts(ctx.store, ctx.key)
    columns = st.columns(len(DATA_TABLES))
    for column, table in zip(columns, DATA_TABLES, strict=True):
        column.metric(ctx.t(f"table_{table}"), f"{counts.get(table, 0):,}")


# -- downloads ----------------------------------------------------------------------------------
def download_tab(ctx: PageContext) -> None:
    counts = data.table_counts(ctx.store, ctx.key)
    for table in DATA_TABLES:
        left, right = st.columns([3, 2], vertical_alignment="center")
        left.markdown(
            f"**{ctx.t('table_' + table)}** (`{table}`) — {ctx.t('rows_count', n=f'{counts.get(table, 0):,}')}"
        )
        with right:
            st.download_button(
                ctx.t("download_table", table=ctx.t("table_" + table)),
                data=_table_csv(ctx, table),
                file_name=f"{table}.csv",
                mime="text/csv",
                key=f"dl_{table}",
                icon=":material/download:",
            )


def _table_csv(ctx: PageContext, table: str) -> Any:
    store = ctx.store
    return lambda: to_csv_bytes(data.table_frame(store, table))


def render() -> None:
    ctx = get_context()
    st.title(ctx.t("data_title"))
    st.caption(ctx.t("data_caption"))
    tabs = st.tabs(
        [ctx.t("tab_upload"), ctx.t("tab_loads"), ctx.t("tab_settings"), ctx.t("tab_download")]
    )
    with tabs[0]:
        upload_tab(ctx)
    with tabs[1]:
        loads_tab(ctx)
    with tabs[2]:
        settings_form.render_settings(ctx)
    with tabs[3]:
        download_tab(ctx)


if __name__ == "__main__":
    render()
