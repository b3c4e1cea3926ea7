"""Printing a page (A4 landscape): print styles and a print-only HTML copy of every table.

Streamlit draws a table (`st.dataframe`) on a canvas that prints as a picture of its visible
part: wide tables are cut at the right, long ones at the bottom. So every table drawn through
dashboard/components/tables.py (and the coloured weekly and monthly tables) is followed by
`print_copy(...)`: the same cells as a plain HTML table, hidden on screen and shown in print,
where it wraps its text and repeats its header on every sheet. The canvas table is hidden in
print.

`PRINT_CSS` (added by the app shell on every page) leaves out of print the sidebar, the header
and toolbar, the page's buttons and inputs, and lets the page grow past one screen.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.export import Kind, infer_formats
from dashboard.i18n import fmt_money, fmt_number, fmt_pct

PRINT_CLASS = "fd-print-only"
# A printed table longer than this is cut (and says so; the Excel call pack holds every row).
# Each cell is formatted in Python on every rerun of the page: 500 rows of the Overview's seven
# drill-down tables were half of its redraw (docs/performance.md).
MAX_PRINT_ROWS = 100

PRINT_CSS = f"""<style>
@media screen {{
  .{PRINT_CLASS} {{ display: none !important; }}
  [data-testid="stElementContainer"]:has(.{PRINT_CLASS}) {{ display: none !important; }}
}}
@media print {{
  @page {{ size: A4 landscape; margin: 10mm; }}
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], [data-testid="stBottom"],
  [data-testid="stDownloadButton"], [data-testid="stButton"],
  [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]),
  [data-testid="stDataFrame"] {{ display: none !important; }}
  html, body, #root, .stApp, [data-testid="stApp"], [data-testid="stAppViewContainer"],
  [data-testid="stMain"], [data-testid="stMainBlockContainer"] {{
    overflow: visible !important; height: auto !important; min-height: 0 !important;
    position: static !important;
  }}
  [data-testid="stMain"] {{ margin-left: 0 !important; width: 100% !important; }}
  [data-testid="stMainBlockContainer"] {{
    max-width: 100% !important; padding: 0 !important; width: 100% !important;
  }}
  .{PRINT_CLASS} {{ display: block !important; width: 100%; }}
  .{PRINT_CLASS} table {{
    width: 100%; border-collapse: collapse; font-size: 7.5pt; table-layout: auto;
  }}
  .{PRINT_CLASS} th, .{PRINT_CLASS} td {{
    border: 1px solid #bbb; padding: 1px 3px; white-space: normal;
    overflow-wrap: anywhere; vertical-align: top;
    -webkit-print-color-adjust: exact; print-color-adjust: exact;
  }}
  .{PRINT_CLASS} th {{ background: #e8ecf1; text-align: left; }}
  .{PRINT_CLASS} td.num {{ text-align: right; white-space: nowrap; }}
  .{PRINT_CLASS} thead {{ display: table-header-group; }}
  .{PRINT_CLASS} tr {{ break-inside: avoid; }}
  [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {{
    zoom: 0.7; break-inside: avoid;
  }}
  [class*="st-key-kpi-"], [data-testid="stAlert"] {{ break-inside: avoid; }}
  h2, h3 {{ break-after: avoid; }}
  [data-testid="stHorizontalBlock"]:has([class*="st-key-share_xlsx_"]) {{
    display: none !important;
  }}
}}
</style>"""


def _cell_text(value: Any, kind: Kind, lang: str, currency: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if kind == "money" and isinstance(value, int | float):
        return fmt_money(float(value), lang, currency)
    if kind == "pct" and isinstance(value, int | float):
        return fmt_pct(float(value), lang)
    if kind == "int" and isinstance(value, int | float):
        return fmt_number(float(value), lang)
    if kind == "number" and isinstance(value, int | float):
        return fmt_number(float(value), lang, 2)
    if isinstance(value, pd.Timestamp | datetime):
        stamp = pd.Timestamp(value)
        return stamp.strftime("%Y-%m-%d" if stamp == stamp.normalize() else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def table_html(
    frame: pd.DataFrame,
    css: pd.DataFrame | None = None,
    *,
    lang: str = "en",
    currency: str = "¥",
    formats: Mapping[str, Kind] | None = None,
    rows: int | None = None,
) -> str:
    """A plain HTML table of `frame` (text escaped), cells styled by `css` where given; `rows`:
    how many the whole table has when `frame` holds only its first ones."""
    kinds = {**infer_formats(frame), **(formats or {})}
    columns = [str(c) for c in frame.columns]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body: list[str] = []
    shown = frame.head(MAX_PRINT_ROWS)
    for i, row in enumerate(shown.itertuples(index=False, name=None)):
        cells = []
        for j, value in enumerate(row):
            kind = kinds.get(columns[j], "text")
            text = html.escape(_cell_text(value, kind, lang, currency))
            numeric = kind in ("money", "pct", "int", "number")
            style = str(css.iat[i, j]) if css is not None and i < len(css) else ""
            attrs = (' class="num"' if numeric else "") + (
                f' style="{html.escape(style, quote=True)}"' if style else ""
            )
            cells.append(f"<td{attrs}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = ""
    total = len(frame) if rows is None else rows
    if total > MAX_PRINT_ROWS:
        more = f"<p>… {total - MAX_PRINT_ROWS:,} +</p>"
    return (
        f'<div class="{PRINT_CLASS}"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>{more}</div>"
    )


def print_copy(
    frame: pd.DataFrame,
    css: pd.DataFrame | None = None,
    *,
    lang: str = "en",
    currency: str | None = None,
    column_config: Mapping[str, Any] | None = None,
) -> None:
    """Draw the print-only copy of a table just drawn with st.dataframe (hidden on screen)."""
    from dashboard.components.share import export_frame

    if currency is None:
        from dashboard.context import get_context

        currency = get_context().currency
    shown, kinds = export_frame(frame, column_config)
    st.html(_cached_html(shown.head(MAX_PRINT_ROWS + 1), css, lang, currency, kinds, len(shown)))


@st.cache_data(show_spinner=False, max_entries=128)
def _cached_html(
    head: pd.DataFrame,
    css: pd.DataFrame | None,
    lang: str,
    currency: str,
    kinds: Mapping[str, Kind],
    rows: int,
) -> str:
    """table_html of a table's first rows, kept while the same table is drawn again (a rerun
    that changes nothing in it: a filter cleared, another tab opened)."""
    return table_html(head, css, lang=lang, currency=currency, formats=kinds, rows=rows)
