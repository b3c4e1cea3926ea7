"""The Excel call pack (dashboard/export.py, components/share.py) and the print copy of tables.

The workbook is opened with openpyxl as a spreadsheet program would: sheet names, values as
numbers, number formats, frozen header, widths, cover-sheet filters. One AppTest run of the
Weekly page checks that the tables it draws reach the workbook with their numbers.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from dashboard.components.printing import PRINT_CLASS, table_html
from dashboard.components.share import COLLECTOR_KEY, export_frame, workbook_bytes
from dashboard.export import (
    SHEET_NAME_MAX,
    Cover,
    ExportTable,
    build_workbook,
    infer_kind,
    number_format,
    sheet_names,
)
from dashboard.i18n import TEXTS
from tests.dashboard.test_app_weekly_monthly import W2, small_db, weekly  # noqa: F401

pytest_plugins = ("tests.app.fixtures",)
EN, ZH = TEXTS["en"], TEXTS["zh"]


def _open(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def _sample() -> bytes:
    reps = pd.DataFrame(
        {
            "Rep": ["Wang Jun", '=HYPERLINK("http://x")', "李娜"],
            "Commit": [397300.0, 1250.5, None],
            "Accuracy": [1.018, 0.5, None],
            "Deals": [3, 12, 0],
            "Close date": pd.to_datetime(["2026-12-10", "2026-12-11", None]),
        }
    )
    stages = pd.DataFrame({"stage": ["10", "90"], "amount": [1000, 2000]})
    cover = Cover(
        "封面", "Forecast Desk — Weekly", [("Regions", "North, East"), ("week", "2026-11-30")]
    )
    return build_workbook(
        cover,
        [
            ExportTable("按销售、区域和公司", reps, {"Commit": "money", "Accuracy": "pct"}),
            ExportTable("Stages", stages, {"amount": "money"}),
        ],
        currency="¥",
    )


def test_one_sheet_per_table_after_the_cover() -> None:
    wb = _open(_sample())
    assert wb.sheetnames == ["封面", "按销售、区域和公司", "Stages"]


def test_numbers_stay_numbers_with_their_formats() -> None:
    ws = _open(_sample())["按销售、区域和公司"]
    assert [c.value for c in ws[1]] == ["Rep", "Commit", "Accuracy", "Deals", "Close date"]
    commit, accuracy, deals, close = ws["B2"], ws["C2"], ws["D2"], ws["E2"]
    assert commit.value == 397300 and isinstance(commit.value, int | float)
    assert commit.number_format == number_format("money", "¥") == '"¥"#,##0;-"¥"#,##0'
    assert accuracy.value == pytest.approx(1.018) and accuracy.number_format == "0.0%"
    assert deals.value == 3 and deals.number_format == "#,##0"
    assert close.value.date() == date(2026, 12, 10) and close.number_format == "yyyy-mm-dd"
    # a missing amount, percent or date is an empty cell, not "nan" or "None"
    assert ws["B4"].value is None and ws["C4"].value is None and ws["E4"].value is None
    assert ws["A4"].value == "李娜"


def test_header_frozen_bold_and_widths_fit() -> None:
    ws = _open(_sample())["按销售、区域和公司"]
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.b
    assert ws.auto_filter.ref == "A1:E4"
    # "=HYPERLINK("http://x")" is 22 characters: the column is at least that wide
    assert ws.column_dimensions["A"].width >= 22
    # "Close date" (10) is the widest text of column E
    assert 10 <= ws.column_dimensions["E"].width <= 14


def test_text_that_looks_like_a_formula_stays_text() -> None:
    ws = _open(_sample())["按销售、区域和公司"]
    cell = ws["A3"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'


def test_cover_sheet_lists_the_filters() -> None:
    ws = _open(_sample())["封面"]
    assert ws["A1"].value == "Forecast Desk — Weekly"
    rows = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(3, ws.max_row + 1)}
    assert rows == {"Regions": "North, East", "week": "2026-11-30"}


def test_sheet_names_are_valid_and_unique() -> None:
    names = sheet_names(["Cover", "a/b: c?", "x" * 40, "x" * 40, ""], reserved=["Cover"])
    assert names[0] == "Cover (2)"
    assert names[1] == "a b c"
    assert names[2] == "x" * SHEET_NAME_MAX
    assert names[3] == "x" * (SHEET_NAME_MAX - 4) + " (2)" and len(names[3]) == SHEET_NAME_MAX
    assert names[4] == "Sheet"


@pytest.mark.parametrize(
    ("name", "values", "kind"),
    [
        ("amount", [1.5, 2.0], "money"),
        ("last_week_accuracy", [1.02, 0.9], "pct"),
        ("value", [0.012, 0.0], "pct"),
        ("linear_share", [660923.1, 598538.5], "money"),  # a share of the target, in money
        ("orders", [44, 58], "int"),
        ("stage", [10, 90], "int"),
        ("velocity", [12.5, 3.25], "number"),
        ("rep", ["E01", "E02"], "text"),
    ],
)
def test_kinds_inferred_from_name_and_values(name: str, values: list[Any], kind: str) -> None:
    assert infer_kind(name, pd.Series(values)) == kind


def test_column_config_gives_labels_and_kinds() -> None:
    import streamlit as st

    frame = pd.DataFrame({"amount": [1.0], "rate": [0.5], "rep": ["x"]})
    config = {
        "amount": st.column_config.NumberColumn("金额", format="¥%,.2f"),
        "rate": st.column_config.NumberColumn("赢率", format="percent"),
        "rep": st.column_config.TextColumn("销售"),
    }
    shown, kinds = export_frame(frame, config)
    assert list(shown.columns) == ["金额", "赢率", "销售"]
    assert kinds == {"金额": "money", "赢率": "pct"}


def test_print_copy_escapes_text_formats_numbers_and_keeps_colours() -> None:
    frame = pd.DataFrame({"Deal": ["<b>x</b>"], "Amount": [1234567.0], "Rate": [0.953]})
    css = pd.DataFrame({"Deal": [""], "Amount": [""], "Rate": ["background-color: #fdd"]})
    html = table_html(frame, css, lang="en", currency="¥", formats={"Rate": "pct"})
    assert html.startswith(f'<div class="{PRINT_CLASS}">')
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
    assert "¥1,234,567" in html and "95.3%" in html
    assert 'style="background-color: #fdd"' in html


def test_weekly_page_tables_reach_the_workbook(
    app_on: Any,
    small_db: Path,  # noqa: F811
    clock: Callable[[str], datetime],
) -> None:
    clock("2026-11-27T12:00")  # the moment the cover sheet is checked for
    app = weekly(app_on, small_db, week=W2, region="North")
    collector = app.session_state[COLLECTOR_KEY]
    titles = [table.title for table in collector.tables]
    assert EN["wk_table_title"] in titles
    wb = _open(workbook_bytes("en", "weekly", collector.cover_rows(), collector.tables, "¥"))
    assert wb.sheetnames[0] == EN["share_cover_sheet"]
    cover = wb[EN["share_cover_sheet"]]
    rows = {cover.cell(r, 1).value: cover.cell(r, 2).value for r in range(3, cover.max_row + 1)}
    assert rows[EN["share_cover_page"]] == EN["page_weekly"]
    assert rows[EN["share_cover_regions"]] == "North"
    assert rows["week"] == W2
    assert rows[EN["share_cover_today"]].startswith("2026-11-27")  # the pinned clock
    sheet = wb[sheet_names([EN["wk_table_title"]])[0]]
    header = [c.value for c in sheet[1]]
    found = {sheet.cell(r, header.index("scope") + 1).value: r for r in range(2, sheet.max_row + 1)}
    n1 = found["n1"]
    # W2: n1 committed 120; last week (W1) n1 booked 100 against a commit of 100 -> 100%
    commit = sheet.cell(n1, header.index("commit") + 1)
    assert commit.value == 120 and commit.number_format == number_format("money", "¥")
    accuracy = sheet.cell(n1, header.index("last_week_accuracy") + 1)
    assert accuracy.value == pytest.approx(1.0) and accuracy.number_format == "0.0%"
    assert "s1" not in found  # the region filter reaches the sheet


def test_sheet_titles_follow_the_page_language() -> None:
    from dashboard.components.share import sheet_title

    assert sheet_title("wk_table_csv", "weekly-2026-11-30", "zh") == ZH["wk_table_title"]
    # "pl_tab_slipped" is "延期（{n}）" on its tab: the sheet drops the count
    assert sheet_title("pl_list_slipped_csv", "slipped_deals", "zh") == "延期"
    assert sheet_title("pl_wf_new_csv", "waterfall_new", "en") == EN["pl_step_new"]
    assert sheet_title("other_csv", "other-2026-11", "zh") == "other-2026-11"
