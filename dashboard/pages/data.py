"""Data page: upload a file into any of the six tables, build weekly history from one extract (the
"Build history" tab), see and remove loads, edit the settings, download every table as CSV.

Uploads are limited to server.maxUploadSize (.streamlit/config.toml), which the page states; file
names are shown escaped for markdown. A file loads whole or not at all (analytics.ingest); a
refused file shows every problem as a row/column/value/message table; a snapshot date already
stored asks before it is replaced; an unload asks before it removes anything. Every change clears
the caches of dashboard/data.py.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from analytics.store import DATA_TABLES
from dashboard import data
from dashboard.components import backfill_form, settings_form, upload_form
from dashboard.components.formats import MISSING, formatted
from dashboard.components.tables import escape_markdown, show_table, to_csv_bytes
from dashboard.context import PageContext, get_context
from dashboard.i18n import t

LOAD_COLUMNS = ("load_id", "table_name", "file_name", "rows", "loaded_at", "snapshot_date", "notes")
UNLOAD_PENDING = "_ld_pending"
UNLOAD_MESSAGE = "_ld_message"


def upload_limit_mb() -> int:
    """The largest upload in MB: Streamlit's server.maxUploadSize (.streamlit/config.toml)."""
    return int(st.get_option("server.maxUploadSize"))


def shown_loads(loads: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The load log as a person reads it: the LOAD_COLUMNS only (no content hash or other
    internal column), times to the minute, a dash where a load has no snapshot date or note."""
    frame = loads[[c for c in LOAD_COLUMNS if c in loads.columns]].copy()
    if "loaded_at" in frame.columns:
        frame["loaded_at"] = pd.to_datetime(frame["loaded_at"]).dt.strftime("%Y-%m-%d %H:%M")
    frame = formatted(frame, {"snapshot_date": "date", "rows": "count"}, lang, "")
    if "notes" in frame.columns:
        frame["notes"] = [v if isinstance(v, str) and v else MISSING for v in frame["notes"]]
    frame.columns = [t("loads_col_" + c, lang) for c in frame.columns]
    return frame


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
        show_table(
            shown_loads(loads, ctx.lang),
            key="ld_table",
            file_name="loads",
            lang=ctx.lang,
        )
        records = {int(str(r.load_id)): r for r in loads.itertuples(index=False)}
        pick, button = st.columns([3, 1], vertical_alignment="bottom")
        load_id = pick.selectbox(
            ctx.t("loads_pick"),
            options=list(records),
            index=None,  # nothing is picked for removal until the user picks it
            placeholder=ctx.t("loads_pick_placeholder"),
            format_func=lambda i: (
                f"{i} · {records[i].table_name} · {records[i].file_name} · {records[i].rows:,}"
            ),
            key="ld_pick",
        )
        if button.button(
            ctx.t("loads_unload"),
            key="ld_unload",
            icon=":material/delete:",
            disabled=load_id is None,
        ):
            st.session_state[UNLOAD_PENDING] = load_id
        pending = st.session_state.get(UNLOAD_PENDING)
        if pending is not None and pending in records:
            rec = records[pending]
            st.warning(
                ctx.t(
                    "loads_confirm",
                    id=pending,
                    table=rec.table_name,
                    file=escape_markdown(str(rec.file_name)),
                    rows=f"{rec.rows:,}",
                ),
                icon=":material/warning:",
            )
            yes, no, _ = st.columns([1, 1, 4])
            if yes.button(ctx.t("loads_confirm_yes"), key="ld_confirm", type="primary"):
                removed = unload(ctx.store, int(pending))
                data.clear_caches()
                st.session_state.pop(UNLOAD_PENDING, None)
                st.session_state.pop(upload_form.LOADED_HASH, None)
                st.session_state[UNLOAD_MESSAGE] = ctx.t(
                    "loads_removed",
                    id=removed.load_id,
                    table=removed.table_name,
                    file=escape_markdown(removed.file_name),
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
    names = ("tab_upload", "tab_backfill", "tab_loads", "tab_settings", "tab_download")
    upload, backfill, loads, settings, download = st.tabs([ctx.t(n) for n in names])
    with upload:
        st.caption(ctx.t("upload_limit", mb=upload_limit_mb()))
        upload_form.render_upload(ctx)
    with backfill:
        backfill_form.render_backfill(ctx)
    with loads:
        loads_tab(ctx)
    with settings:
        settings_form.render_settings(ctx)
    with download:
        download_tab(ctx)


if __name__ == "__main__":
    render()
