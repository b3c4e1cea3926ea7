"""The upload tab of the Data page: pick a table, drop a file, check the preview, load it.

The preview (analytics.ingest.preview_file) shows the detected encoding, delimiter and column
mapping, the columns that are missing or unused, and the first rows. A snapshot file without a
snapshot_date column asks for the date. Loading runs under a status indicator; the outcome
(loaded, refused with every problem, or "replace the stored snapshot?") stays on screen until
the next upload. The logic without widgets is in dashboard/uploads.py.

The temporary copy of the file lives while it waits to be loaded: it is deleted after the load
or a refusal (a rerun writes it again from the uploader for its preview and deletes it at the
end of the run), and when the uploader lets go of the file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from analytics.errors import ForecastDeskError, LoadError, UsageError
from analytics.ingest import FilePreview
from dashboard import data, uploads
from dashboard.components.tables import escape_markdown, show_table
from dashboard.context import PageContext

OUTCOME = "_up_outcome"
PENDING = "_up_pending"
LOADED_HASH = "_up_loaded"
HELD = "_up_held"  # the temporary upload this session holds (dashboard/uploads.py)
FINISHED = "_up_finished"  # digest of the file last loaded or refused by a load
OUTCOME_FOR = "_up_outcome_for"  # digest of the file the shown outcome is about


def _hold(path: Path | None) -> None:
    """Remember the temporary upload of the file in the uploader; delete the one held before.

    A file that waits for "replace the stored snapshot?" stays until that question is answered.
    """
    held: Path | None = st.session_state.get(HELD)
    pending = st.session_state.get(PENDING)
    if held is not None and held != path and not (pending and pending["path"] == held):
        uploads.discard_upload(held)
    if path is None:
        st.session_state.pop(HELD, None)
    else:
        st.session_state[HELD] = path


def errors_table(ctx: PageContext, outcome_errors: Any, key: str) -> None:
    """The problems of a refused file, their messages in the page's language."""
    frame = outcome_errors
    if "message_zh" in frame.columns:
        if ctx.lang == "zh":
            frame = frame.assign(message=frame["message_zh"])
        frame = frame.drop(columns=["message_zh"])
    frame = frame.rename(
        columns={
            "row": ctx.t("col_row"),
            "column": ctx.t("col_column"),
            "value": ctx.t("col_value"),
            "message": ctx.t("col_message"),
        }
    )
    show_table(frame, key=key, file_name="load-problems", lang=ctx.lang)


def _expected_columns(ctx: PageContext, table: str) -> None:
    columns = uploads.expected_columns(table)
    title = ctx.t("upload_columns", table=ctx.t("table_" + table))
    with st.expander(title, icon=":material/view_column:"):
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


def _show_preview(ctx: PageContext, preview: FilePreview) -> None:
    st.subheader(ctx.t("upload_preview"))
    delimiter = {",": ",", ";": ";", "\t": "tab"}.get(preview.delimiter, preview.delimiter)
    st.caption(
        ctx.t("upload_encoding", encoding=preview.encoding, delimiter=delimiter)
        + " · "
        + ctx.t("upload_total_rows", n=f"{preview.total_rows:,}")
    )
    if preview.decoded_samples:
        st.caption(
            ctx.t(
                "upload_decoded",
                values=escape_markdown(" · ".join(preview.decoded_samples)),
                encoding=preview.encoding,
            )
        )
    if preview.missing:
        st.warning(
            ctx.t("upload_missing_columns", columns=escape_markdown(", ".join(preview.missing)))
        )
    left, right = st.columns([1, 2])
    with left:
        st.markdown(f"**{ctx.t('upload_mapping')}**")
        mapping = uploads.mapping_frame(preview.mapping).rename(
            columns={
                "target": ctx.t("upload_mapping_target"),
                "source": ctx.t("upload_mapping_source"),
            }
        )
        st.dataframe(mapping, hide_index=True, width="stretch", key="up_mapping")
        if preview.unmapped:
            st.caption(
                ctx.t("upload_unused_columns", columns=escape_markdown(", ".join(preview.unmapped)))
            )
    with right:
        st.dataframe(preview.rows, hide_index=True, width="stretch", key="up_rows")
    for note in preview.notes:
        st.caption(f"ℹ️ {escape_markdown(note)}")


def _run_load(ctx: PageContext, pending: dict[str, Any], *, replace: bool) -> None:
    label = ctx.t("upload_loading", file=pending["file_name"])
    with st.status(label, expanded=False) as status:
        outcome = uploads.load_upload(
            ctx.store,
            pending["table"],
            pending["path"],
            file_name=pending["file_name"],
            snapshot_date=pending["snapshot_date"],
            replace=replace,
            encoding=pending.get("encoding"),
            column_map=pending.get("column_map") or None,
            stages=pending.get("stages") or None,
            rejects=bool(pending.get("rejects")),
        )
        done = outcome.status == "loaded"
        status.update(
            label=ctx.t("upload_status_" + outcome.status, file=pending["file_name"]),
            state="complete" if done else "error",
        )
    st.session_state[OUTCOME] = outcome
    st.session_state[OUTCOME_FOR] = pending["digest"]
    if outcome.status == "needs_replace":
        st.session_state[PENDING] = pending
    else:
        st.session_state.pop(PENDING, None)
        st.session_state[FINISHED] = pending["digest"]
    if done:
        st.session_state[LOADED_HASH] = pending["digest"]
        data.clear_caches()


def _show_outcome(ctx: PageContext) -> None:
    outcome: uploads.UploadOutcome | None = st.session_state.get(OUTCOME)
    if outcome is None:
        return
    if outcome.status == "loaded":
        st.success(
            ctx.t("upload_done", summary=escape_markdown(outcome.message)),
            icon=":material/check_circle:",
        )
        for note in outcome.notes:
            st.caption(f"ℹ️ {escape_markdown(note)}")
        if outcome.rejected:
            st.download_button(
                ctx.t("upload_rejects_download", n=outcome.rejected),
                data=outcome.rejected_csv,
                file_name=f"rejected-{outcome.file_name}",
                mime="text/csv",
                key="up_rejects_download",
            )
    elif outcome.status == "refused":
        st.error(
            ctx.t("upload_refused", file=escape_markdown(outcome.file_name), n=outcome.total_errors)
        )
        if outcome.errors.empty:
            st.code(outcome.message, language=None)
        else:
            errors_table(ctx, outcome.errors, "up_errors")
            rest = outcome.total_errors - len(outcome.errors)
            if rest > 0:
                st.caption(ctx.t("upload_more_errors", n=rest))
    elif outcome.status == "needs_replace":
        when = ", ".join(d.isoformat() for d in outcome.replace_dates) or "?"
        st.warning(
            ctx.t("upload_replace_rows_q", date=when, rows=ctx.number(outcome.replace_rows)),
            icon=":material/warning:",
        )
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


def _preview(
    ctx: PageContext,
    table: str,
    path: Path,
    when: date | None,
    name: str,
    encoding: str | None,
    column_map: dict[str, str] | None = None,
) -> FilePreview:
    pairs = tuple(sorted((column_map or {}).items()))
    return data.file_preview(
        ctx.store, ctx.key, table, str(path), path.parent.name, when, name, encoding, pairs
    )


def map_key(table: str) -> str:
    """Where the page remembers the last column mapping given for a table (this session)."""
    return f"_up_map_{table}"


def edit_mapping(ctx: PageContext, table: str, preview: FilePreview, given: dict[str, str]) -> None:
    """A select box per file column (an editable table): which contract column it feeds.

    A change is remembered for the table and the preview runs again with it (`--map`)."""
    from analytics.ingest.columns import table_spec

    spec = table_spec(table)
    fed = {source: target for target, source in preview.mapping.items()}
    headers = list(fed) + [h for h in preview.unmapped if not h.startswith("… (")]
    unused = ctx.t("upload_map_unused")
    labels = {c.label: c.key for c in spec.columns}
    frame = pd.DataFrame(
        {
            ctx.t("upload_mapping_source"): headers,
            ctx.t("upload_mapping_target"): [fed.get(h, unused) for h in headers],
        }
    )
    st.markdown(f"**{ctx.t('upload_map_title')}**")
    edited = st.data_editor(
        frame,
        hide_index=True,
        width="stretch",
        disabled=[ctx.t("upload_mapping_source")],
        column_config={
            ctx.t("upload_mapping_target"): st.column_config.SelectboxColumn(
                options=[unused, *labels], required=True
            )
        },
        # a fresh editor for each mapping: edits of the last one must not apply to the new rows
        key=f"up_map_editor_{table}_{abs(hash(tuple(sorted(given.items())))) % 10**8}",
    )
    wanted = dict(given)
    for source, target in zip(edited.iloc[:, 0], edited.iloc[:, 1], strict=True):
        if target != fed.get(source, unused):
            if target == unused:
                wanted.pop(str(source), None)
            else:
                key = labels[str(target)]
                # the latest pick wins: no other header keeps feeding that column by mapping
                wanted = {s: k for s, k in wanted.items() if k != key}
                wanted[str(source)] = key
    if wanted != given:
        st.session_state[map_key(table)] = wanted
        st.rerun()


def load_options(ctx: PageContext, prefix: str = "up") -> tuple[dict[str, float], bool]:
    """Stage names for this load (`--stage`) and the opt-in rejects (`--rejects`)."""
    left, right = st.columns([2, 1])
    with left:
        text = st.text_area(
            ctx.t("upload_stages"),
            key=f"{prefix}_stages",
            height=68,
            placeholder="Demo booked=30",
            help=ctx.t("upload_stages_help"),
        )
    stages: dict[str, float] = {}
    for line in (text or "").splitlines():
        name, sep, value = line.partition("=")
        try:
            if sep and name.strip():
                stages[name.strip()] = float(value.strip().rstrip("%"))
        except ValueError:
            st.warning(ctx.t("upload_stage_bad", line=escape_markdown(line)))
    with right:
        rejects = st.checkbox(
            ctx.t("upload_rejects"), key=f"{prefix}_rejects", help=ctx.t("upload_rejects_help")
        )
    return stages, rejects


# The encodings a person may force (docs/loading.md, "Encodings"); "auto" = detect.
ENCODINGS: tuple[str, ...] = (
    "auto",
    "utf-8",
    "utf-16",
    "gb18030",
    "big5",
    "cp1252",
    "latin-1",
)


def _pick_encoding(ctx: PageContext) -> str | None:
    names = {"auto": ctx.t("upload_encoding_auto"), "utf-16": "UTF-16", "gb18030": "GB18030 / GBK"}
    names |= {"utf-8": "UTF-8", "big5": "Big5", "cp1252": "Windows-1252", "latin-1": "Latin-1"}
    left, _ = st.columns([1, 2])
    with left:
        picked: str = st.selectbox(
            ctx.t("upload_encoding_pick"),
            options=list(ENCODINGS),
            format_func=lambda e: names[e],
            key="up_encoding",
            help=ctx.t("upload_encoding_help"),
        )
    return None if picked == "auto" else picked


# Streamlit's file uploader has no parameter for its own texts (the "Upload" button, the
# "200MB per file • CSV, TXT, TSV" line; streamlit/streamlit#13500 is open): in Chinese they are
# hidden with CSS and the catalog's texts drawn in their place, so every uploader of the page reads
# in Chinese. The hidden English stays in the DOM for screen readers' labels only.
_UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "{button}"; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "{limit}"; font-size: 0.875rem; }}
</style>"""


def _css_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "").replace(">", "")


def uploader_texts(ctx: PageContext) -> None:
    """The file uploaders' own texts in the page's language (Chinese via CSS, see above)."""
    if ctx.lang != "zh":
        return
    limit = ctx.t("upload_dropzone_limit", mb=int(st.get_option("server.maxUploadSize")))
    st.html(_UPLOADER_CSS.format(button=_css_text(ctx.t("upload_browse")), limit=_css_text(limit)))


def render_upload(ctx: PageContext) -> None:
    uploader_texts(ctx)
    left, right = st.columns([1, 2], gap="large")
    with left:
        table = st.selectbox(
            ctx.t("upload_table"),
            options=list(uploads.UPLOAD_TABLES),
            format_func=lambda name: f"{ctx.t('table_' + name)} ({name})",
            key="up_table",
        )
    with right:
        uploaded = st.file_uploader(ctx.t("upload_file"), type=["csv", "txt", "tsv"], key="up_file")
    _expected_columns(ctx, table)
    if uploaded is not None:
        _upload_file(ctx, table, uploaded.name, uploaded.getvalue())
    else:
        _hold(None)
    _show_outcome(ctx)


def _show_check(ctx: PageContext, check: uploads.UploadOutcome) -> bool:
    """The outcome of the load's checks, before Load; False when the file would be refused."""
    if check.status == "refused":
        st.error(
            ctx.t(
                "upload_check_refused", file=escape_markdown(check.file_name), n=check.total_errors
            ),
            icon=":material/error:",
        )
        if check.errors.empty:
            st.code(check.message, language=None)
        else:
            errors_table(ctx, check.errors, "up_check_errors")
            rest = check.total_errors - len(check.errors)
            if rest > 0:
                st.caption(ctx.t("upload_more_errors", n=rest))
        return False
    if check.status == "needs_replace":
        when = ", ".join(d.isoformat() for d in check.replace_dates) or "?"
        st.info(
            ctx.t("upload_check_replace", date=when, rows=ctx.number(check.replace_rows)),
            icon=":material/info:",
        )
    else:
        st.success(
            ctx.t("upload_check_ok", rows=ctx.number(check.rows)), icon=":material/task_alt:"
        )
    return True


def _upload_file(ctx: PageContext, table: str, name: str, content: bytes) -> None:
    path = uploads.save_upload(name, content)
    _hold(path)
    if st.session_state.get(OUTCOME_FOR) not in (None, path.parent.name):
        # a new file: the outcome of the last one (loaded, refused) no longer applies
        st.session_state.pop(OUTCOME, None)
        st.session_state.pop(OUTCOME_FOR, None)
    encoding = _pick_encoding(ctx)
    column_map: dict[str, str] = dict(st.session_state.get(map_key(table), {}))
    try:
        preview = _preview(ctx, table, path, None, name, encoding, column_map)
    except UsageError as exc:  # a remembered mapping that does not fit this file: drop it
        st.session_state.pop(map_key(table), None)
        st.warning(ctx.t("upload_preview_failed", message=escape_markdown(str(exc))))
        column_map = {}
        preview = _preview(ctx, table, path, None, name, encoding, column_map)
    except LoadError as exc:
        st.error(
            ctx.t(
                "upload_refused",
                file=escape_markdown(exc.file_name),
                n=exc.total_errors or len(exc.errors),
            )
        )
        if len(exc.errors) == 1 and exc.errors[0].column is None:
            # one problem with the whole file (its encoding, its header): say it in words
            st.markdown(escape_markdown(exc.errors[0].message))
        else:
            errors_table(ctx, uploads.errors_frame(exc), "up_preview_errors")
        uploads.discard_upload(path)  # refused: a rerun writes it again from the uploader
        return
    except ForecastDeskError as exc:
        st.warning(ctx.t("upload_preview_failed", message=escape_markdown(str(exc))))
        return
    snapshot_date: date | None = None
    if preview.needs_snapshot_date:
        st.info(ctx.t("upload_needs_date"), icon=":material/event:")
        snapshot_date = st.date_input(ctx.t("upload_snapshot_date"), value=None, key="up_date")
        if snapshot_date is not None:
            preview = _preview(ctx, table, path, snapshot_date, name, encoding, column_map)
    _show_preview(ctx, preview)
    edit_mapping(ctx, table, preview, column_map)
    stages, rejects = load_options(ctx)
    digest = path.parent.name
    pending = {
        "table": table,
        "path": path,
        "file_name": name,
        "snapshot_date": snapshot_date,
        "digest": digest,
        "encoding": encoding,
        "column_map": column_map,
        "stages": stages,
        "rejects": rejects,
    }
    waiting_date = preview.needs_snapshot_date and snapshot_date is None
    loaded = st.session_state.get(LOADED_HASH) == digest
    loadable = True
    if not waiting_date and not loaded:
        # the loader's own checks, run on the preview without writing anything
        check = data.file_check(
            ctx.store,
            ctx.key,
            table,
            str(path),
            digest,
            snapshot_date,
            name,
            encoding,
            tuple(sorted(column_map.items())),
            tuple(sorted(stages.items())),
        )
        # with rejects opted in, the load leaves bad rows out instead of refusing the file
        loadable = _show_check(ctx, check) or rejects
    blocked = loaded or waiting_date or not loadable
    if st.button(ctx.t("upload_load"), key="up_load", type="primary", disabled=blocked):
        _run_load(ctx, pending, replace=False)
        st.rerun()  # the sidebar (reps, months) and the button reflect the new data
    if st.session_state.get(FINISHED) == digest:
        uploads.discard_upload(path)  # loaded or refused: only this run's preview needed it
