"""Tables with a CSV download whose text cells cannot act as spreadsheet formulas, and text
from the data made safe for Streamlit's markdown.

A CSV opened in Excel or LibreOffice runs a cell starting with `=`, `+`, `-` or `@` (and a
leading tab or carriage return hides one) as a formula: an opportunity name like
`=HYPERLINK(...)` from a CRM export would become a live link. Such text cells get a leading
apostrophe. Numbers stay numbers: numeric columns are untouched, and a text cell that is
exactly a plain number (`-1234.5`, `-1,234.50`) is left as it is, since a spreadsheet reads it as
that number and nothing else.

Names from a CRM export can also hold markdown (`**bold** [link](…)`), `$` signs that Streamlit
reads as LaTeX, or `:red[…]` directives. Streamlit never renders their HTML (it shows tags as
text and drops `javascript:` links), but a caption, label or title would still change them; such
text goes through `escape_markdown` first.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.components import printing, share
from dashboard.i18n import t
from dashboard.labels import localize_config, localize_frame

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# What makes Streamlit's markdown change a text: emphasis, code, links and images, HTML and
# entities, LaTeX ($), strikethrough, tables and headings anywhere; block markers at the start of a
# line; bare URLs (autolinks); `:name:` shortcodes. An underscore inside a word (snapshot_date)
# is no emphasis and stays. UI texts hold none of the first set, so escaping them changes only
# names and amounts.
_INLINE = re.compile(r"([\\`*\[\]<>$~|&#]|(?<![^\W_])_|_(?![^\W_]))")
_LINE_START = re.compile(r"^(\s*)(>|[+-](?=\s|$))", re.MULTILINE)
_ORDERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)", re.MULTILINE)
_AUTOLINK = re.compile(r"(?<=\w):(?=//)|(?<=\bwww)\.", re.IGNORECASE)
_SHORTCODE = re.compile(r":(?=[\w+-]+:)")


def escape_markdown(text: str) -> str:
    """Text shown as itself by st.markdown, st.caption, labels and titles.

    A backslash before ASCII punctuation makes it literal in CommonMark; only the characters
    that would start a construct are escaped, so ordinary text ("Attainment (stretch): 95%")
    passes unchanged.
    """
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    text = _ORDERED.sub(r"\1\\\2", text)
    text = _AUTOLINK.sub(lambda m: "\\" + m.group(0), text)
    return _SHORTCODE.sub(r"\\:", text)


def neutralize_cell(value: Any) -> Any:
    """A text value that a spreadsheet would run as a formula, prefixed with an apostrophe."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_PREFIXES) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def neutralize_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and column name) neutralized; numeric columns unchanged."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        out[column] = series.map(neutralize_cell)
    out.columns = [neutralize_cell(str(c)) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Neutralized CSV in UTF-8 with a BOM (so Excel shows Chinese text), no index.

    Lines end with CR LF (RFC 4180): with LF alone, pandas leaves a cell holding a bare CR
    unquoted, and a spreadsheet would start a new row there.
    """
    csv_text = neutralize_frame(frame).to_csv(index=False, lineterminator="\r\n")
    return csv_text.encode("utf-8-sig")


def download_button(
    frame: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    lang: str,
    label: str | None = None,
    column_config: dict[str, Any] | None = None,
    title: str | None = None,
) -> None:
    """A CSV download of `frame` (headers and word cells in `lang`, dashboard/labels.py); the
    bytes are made only when the button is pressed.

    The frame, in `lang` too, also goes into the page's Excel call pack
    (dashboard/components/share.py); `column_config` is keyed by `frame`'s own headers.
    """
    frame = localize_frame(frame, lang)
    share.record_table(
        frame,
        key=key,
        file_name=file_name,
        lang=lang,
        column_config=localize_config(column_config or {}, lang) or None,
        title=title,
    )
    st.download_button(
        label or t("download_csv", lang),
        data=lambda: to_csv_bytes(frame),
        file_name=file_name if file_name.endswith(".csv") else f"{file_name}.csv",
        mime="text/csv",
        key=key,
        icon=":material/download:",
    )


def auto_column_config(frame: pd.DataFrame) -> dict[str, Any]:
    """Dates without a time shown as dates, timestamps to the minute, floats with separators."""
    config: dict[str, Any] = {}
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            values = series.dropna()
            midnight = bool(len(values)) and bool((values == values.dt.normalize()).all())
            if midnight or not len(values):
                config[str(column)] = st.column_config.DateColumn(format="YYYY-MM-DD")
            else:
                config[str(column)] = st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm")
        elif pd.api.types.is_float_dtype(series):
            config[str(column)] = st.column_config.NumberColumn(format="localized")
    return config


def blank_missing_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns with empty cells instead of "None" (a missing note, submitter or name)."""
    text = [
        c
        for c in frame.columns
        if (pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c]))
        and frame[c].isna().any()
        and all(isinstance(v, str) for v in frame[c].dropna())  # not dates or numbers as objects
    ]
    if not text:
        return frame
    out = frame.copy()
    for column in text:
        out[column] = out[column].where(out[column].notna(), "")
    return out


def show_table(
    frame: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    lang: str,
    column_config: dict[str, Any] | None = None,
    height: int | None = None,
    title: str | None = None,
    numbers: pd.DataFrame | None = None,
) -> None:
    """A table with its row count and a CSV download under it, both in `lang` (`title`: its
    Excel sheet's). `numbers`: when `frame` holds numbers written as text (formats.py), the same
    table with numbers as numbers, for the CSV download and the Excel call pack."""
    if frame.empty:
        st.caption(t("no_rows", lang))
        return
    frame = blank_missing_text(frame)
    raw_config = {**auto_column_config(frame), **(column_config or {})}
    shown = localize_frame(frame, lang)  # headers and word cells in the language (labels.py)
    config = localize_config(raw_config, lang)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config=config,
        height=height if height is not None else "auto",
        key=key,
    )
    printing.print_copy(shown, lang=lang, column_config=config)
    left, right = st.columns([1, 3])
    with left:
        download_button(
            frame if numbers is None else blank_missing_text(numbers),
            key=f"{key}_csv",
            file_name=file_name,
            lang=lang,
            column_config=raw_config,
            title=title,
        )
    with right:
        st.caption(t("rows_count", lang, n=f"{len(frame):,}"))
