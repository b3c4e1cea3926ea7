"""The Excel call pack of a page: every table the page shows, in one workbook, one click away.

A page calls `page_tools(ctx, "weekly")` right under its title. That draws the download button
and starts this run's table list; every table drawn afterwards through
`dashboard.components.tables` (`show_table`, `download_button`) is added to the list by
`record_table`, with its column labels and number formats. The workbook
(dashboard/export.py) is built only when the button is pressed (Streamlit's deferred download),
after the run has drawn every table, so a page pays nothing for it on a rerun.

The cover sheet holds the page, the sidebar filters, the page's own URL choices (week, month,
manager …), the clock's today, the latest snapshot in the store and the moment the file was made.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from analytics.calendar import NOW_ENV, TODAY_ENV
from analytics.calendar import now as clock_now
from analytics.calendar import today as clock_today
from dashboard import data
from dashboard.components.filters import QUERY_KEYS
from dashboard.context import PageContext
from dashboard.export import Cover, ExportTable, Kind, build_workbook
from dashboard.i18n import t

COLLECTOR_KEY = "_forecast_desk_export_tables"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The sheet title of a table, by its widget key (a prefix of it): a text key of the locales, where
# `{rest}` stands for the rest of the widget key (pl_wf_new -> pl_step_new). Placeholders of the
# text ("Slipped ({n})") are left out. Tables not listed are named after their download's file.
TITLE_KEYS: tuple[tuple[str, str], ...] = (
    ("wk_table", "wk_table_title"),
    ("wk_commit_list", "wk_list_title"),
    ("wk_unrealized_orders", "wk_unrealized_orders"),
    ("wk_unrealized", "share_sheet_unrealized"),
    ("mo_table", "mo_table_title"),
    ("mo_m7_table", "mo_m7_table"),
    ("mo_plan_table", "share_sheet_plans"),
    ("mo_quality", "share_sheet_quality"),
    ("ru_table", "ru_title"),
    ("fva_levels", "fva_title"),
    ("fva_managers", "fva_title"),
    ("pl_wf_", "pl_step_{rest}"),
    ("pl_stage_deals", "pl_stage_drill"),
    ("pl_list_", "pl_tab_{rest}"),
    ("pl_calibration_table", "pl_calibration_title"),
    ("tm_matrix_table", "tm_matrix_title"),
    ("tm_trend_", "tm_tab_{rest}"),
    ("tm_bookings", "share_sheet_bookings"),
    ("tm_open_deals", "share_sheet_open_deals"),
)
_PLACEHOLDER = re.compile(r"\s*[（(]\{[^}]*\}[）)]|\{[^}]*\}")


@dataclass
class _Collector:
    """The tables of one run of one page."""

    page: str
    script_hash: str
    filters: list[tuple[str, str]] = field(default_factory=list)  # sidebar filters
    choices: list[tuple[str, str]] = field(default_factory=list)  # the page's own URL keys
    moment: list[tuple[str, str]] = field(default_factory=list)  # clock, data, link
    tables: list[ExportTable] = field(default_factory=list)

    def cover_rows(self) -> list[tuple[str, str]]:
        return [*self.filters, *self.choices, *self.moment]

    def note_choices(self) -> None:
        """The page's own URL keys (week, month …) as they are now, later in the run."""
        params = {k: st.query_params.get_all(k) for k in st.query_params}
        self.choices = page_choices(params)


def _script_hash() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    run = get_script_run_ctx()
    return run.page_script_hash if run is not None else ""


def _kind_of(config: Mapping[str, Any]) -> Kind | None:
    """The export kind a Streamlit column config asks for (None: infer it)."""
    type_config = config.get("type_config") or {}
    kind = type_config.get("type")
    fmt = str(type_config.get("format") or "")
    if kind in ("date",):
        return "date"
    if kind in ("datetime",):
        return "datetime"
    if kind not in ("number", "progress"):
        return None
    if fmt == "percent":
        return "pct"
    if fmt in ("dollar", "euro", "yen", "accounting") or re.search(r"[¥$€£]", fmt):
        return "money"
    if "%d" in fmt or "%i" in fmt:
        return "int"
    return None


def export_frame(
    frame: pd.DataFrame, column_config: Mapping[str, Any] | None
) -> tuple[pd.DataFrame, dict[str, Kind]]:
    """The frame with its shown column labels, and the kinds its column config asks for."""
    config = dict(column_config or {})
    renames: dict[str, str] = {}
    kinds: dict[str, Kind] = {}
    for column in frame.columns:
        entry = config.get(str(column))
        if not isinstance(entry, Mapping):
            continue
        label = entry.get("label")
        name = str(label) if label else str(column)
        if name != str(column):
            renames[str(column)] = name
        kind = _kind_of(entry)
        if kind is not None:
            kinds[name] = kind
    out = frame.rename(columns=renames) if renames else frame
    return out, kinds


def sheet_title(key: str, file_name: str, lang: str) -> str:
    """A table's sheet title in `lang` from its widget key (TITLE_KEYS), else its file name."""
    for prefix, text_key in TITLE_KEYS:
        if key.startswith(prefix):
            text_key = text_key.replace("{rest}", key.removeprefix(prefix).removesuffix("_csv"))
            title = _PLACEHOLDER.sub("", t(text_key, lang)).strip()
            if title and title != text_key:
                return title
    return file_name.removesuffix(".csv")


def record_table(
    frame: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    lang: str,
    column_config: Mapping[str, Any] | None = None,
    title: str | None = None,
    formats: Mapping[str, Kind] | None = None,
) -> None:
    """Add a table drawn in this run to the page's workbook (nothing without `page_tools`)."""
    collector = st.session_state.get(COLLECTOR_KEY)
    if not isinstance(collector, _Collector) or collector.script_hash != _script_hash():
        return
    collector.note_choices()
    shown, kinds = export_frame(frame, column_config)
    collector.tables.append(
        ExportTable(
            title or sheet_title(key, file_name, lang),
            shown.copy(),
            {**kinds, **(formats or {})},
        )
    )


def _filters_text(ctx: PageContext, values: tuple[str, ...]) -> str:
    return ", ".join(values) if values else t("share_all", ctx.lang)


def filter_rows(ctx: PageContext, page: str) -> list[tuple[str, str]]:
    """The cover sheet's first rows: the page and the sidebar filters."""
    lang, f = ctx.lang, ctx.filters
    months = f"{f.month_from or '…'} – {f.month_to or '…'}"
    return [
        (t("share_cover_page", lang), t(f"page_{page}", lang)),
        (t("share_cover_regions", lang), _filters_text(ctx, f.regions)),
        (t("share_cover_reps", lang), _filters_text(ctx, f.reps)),
        (t("share_cover_months", lang), months),
        (t("share_cover_lang", lang), lang),
    ]


def page_choices(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The URL keys a page keeps itself (week=, month=, manager= …), as (key, value) rows."""
    rows = []
    for name, value in params.items():
        if name in QUERY_KEYS or name.startswith("_"):
            continue
        rows.append((name, ", ".join(value) if isinstance(value, list) else str(value)))
    return rows


def moment_rows(ctx: PageContext) -> list[tuple[str, str]]:
    """The clock's today (and the variable pinning it), the latest data, the link's filters."""
    lang = ctx.lang
    rows = []
    pinned = [f"{v}={os.environ[v]}" for v in (NOW_ENV, TODAY_ENV) if os.environ.get(v)]
    clock = clock_today().isoformat() + (f" ({'; '.join(pinned)})" if pinned else "")
    rows.append((t("share_cover_today", lang), clock))
    _, last = data.data_bounds(ctx.store, ctx.key)
    rows.append((t("share_cover_data", lang), last.isoformat() if last else "—"))
    rows.append((t("share_cover_link", lang), "?" + ctx.filters.to_query_string()))
    return rows


def workbook_bytes(
    lang: str, page: str, rows: list[tuple[str, str]], tables: list[ExportTable], currency: str
) -> bytes:
    """The workbook of a page's tables; the cover ends with the sheets and the moment made."""
    sheets = ", ".join(table.title for table in tables) or "—"
    cover = Cover(
        sheet_name=t("share_cover_sheet", lang),
        heading=f"{t('app_title', lang)} — {t(f'page_{page}', lang)}",
        rows=[
            *rows,
            (t("share_cover_tables", lang), sheets),
            (t("share_cover_generated", lang), clock_now().isoformat(sep=" ")),
        ],
    )
    return build_workbook(cover, tables, currency=currency)


def file_name(page: str) -> str:
    return f"forecast-desk-{page}-{clock_today().isoformat()}.xlsx"


def page_tools(ctx: PageContext, page: str) -> None:
    """The Excel download of the page's tables (and a print hint); call right under the title."""
    collector = _Collector(page, _script_hash(), filter_rows(ctx, page), [], moment_rows(ctx))
    collector.note_choices()
    st.session_state[COLLECTOR_KEY] = collector
    lang, currency = ctx.lang, ctx.currency
    left, right = st.columns([1, 3], vertical_alignment="center")
    with left:
        st.download_button(
            t("share_excel", ctx.lang),
            data=lambda: workbook_bytes(
                lang, page, collector.cover_rows(), collector.tables, currency
            ),
            file_name=file_name(page),
            mime=XLSX_MIME,
            key=f"share_xlsx_{page}",
            icon=":material/table_view:",
            on_click="ignore",
            help=t("share_excel_help", ctx.lang),
        )
    with right:
        st.caption(t("share_print_hint", ctx.lang))
