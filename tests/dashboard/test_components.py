"""Dashboard components without a running app: i18n, formats, filters, bands, figures, CSV safety."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

import pandas as pd
import pytest

from analytics.calendar import fiscal_quarter_label, fiscal_quarter_start, month_range
from analytics.errors import LoadError, RowError, SnapshotExistsError
from analytics.settings import Thresholds
from dashboard.components.bands import band_for, commit_accuracy_band
from dashboard.components.charts import (
    commit_accuracy_figure,
    linearity_figure,
    metric_guides,
    metric_trend_figure,
)
from dashboard.components.filters import FilterState
from dashboard.components.tables import neutralize_cell, to_csv_bytes
from dashboard.i18n import TEXTS, fmt_money, fmt_pct, t
from dashboard.uploads import errors_frame, is_replace_needed, replace_dates_of

EN, ZH = TEXTS["en"], TEXTS["zh"]  # dashboard/locales/<lang>.json, all pages
DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


# -- i18n ---------------------------------------------------------------------------------------
def test_every_key_exists_in_both_languages() -> None:
    only_en = sorted(set(EN) - set(ZH))
    only_zh = sorted(set(ZH) - set(EN))
    assert not only_en and not only_zh, f"only in EN: {only_en}; only in ZH: {only_zh}"


def test_catalogs_group_the_same_keys_by_page() -> None:
    from dashboard.i18n import load_catalog

    en, zh = load_catalog("en"), load_catalog("zh")
    assert list(en) == list(zh), "the catalogs list different pages"
    differ = [page for page in en if set(en[page]) != set(zh[page])]
    assert not differ, f"pages whose keys differ between en.json and zh.json: {differ}"


def test_placeholders_match_between_languages() -> None:
    def names(text: str) -> set[str]:
        return set(re.findall(r"\{(\w+)\}", text))

    differ = [k for k in EN if names(EN[k]) != names(ZH.get(k, ""))]
    assert not differ, f"placeholders differ for {differ}"


def test_every_key_used_in_the_code_exists() -> None:
    used: set[str] = set()
    pattern = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']\s*[,)]""")
    for path in DASHBOARD.rglob("*.py"):
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert used, "the scan found no t('key') calls; the pattern is wrong"
    missing = sorted(k for k in used if k not in EN)
    assert not missing, f"keys used but not defined: {missing}"


def test_keys_built_from_names_exist() -> None:
    from dataclasses import fields

    from analytics.store import DATA_TABLES
    from dashboard.app import PAGES
    from dashboard.pages.data import LOAD_COLUMNS

    built = [f"table_{name}" for name in DATA_TABLES]
    built += [f"th_{f.name}" for f in fields(Thresholds)]
    built += [title_key for _, _, title_key, _ in PAGES]
    built += [f"loads_col_{c}" for c in LOAD_COLUMNS]
    for path in DASHBOARD.rglob("*.py"):
        built += re.findall(r"""["'](band_[a-z_]+)["']""", path.read_text(encoding="utf-8"))
    missing = sorted({k for k in built if k not in EN})
    assert not missing, f"keys built in code but not defined: {missing}"


def test_texts_differ_by_language() -> None:
    assert t("page_overview", "en") == "Overview"
    assert t("page_overview", "zh") == "总览"
    assert t("upload_refused", "en", file="a.csv", n=3).startswith("a.csv was refused")


def test_number_formats() -> None:
    assert fmt_pct(0.123) == "12.3%"
    assert fmt_pct(1.5, digits=0) == "150%"
    assert fmt_pct(None, "zh") == "不可用"
    assert fmt_pct(float("nan")) == "n/a"
    assert fmt_money(1234567, "en", "¥") == "¥1,234,567"
    assert fmt_money(-1234.4, "en", "$") == "-$1,234"
    # 1,234,567 = 123.4567 万 -> one decimal: 123.5万
    assert fmt_money(1234567, "zh", "¥", compact=True) == "¥123.5万"
    # 30,972,000 = 3,097.2 万 -> whole 万 from 1,000万 on: 3,097万
    assert fmt_money(30_972_000, "zh", "¥", compact=True) == "¥3,097万"
    # 250,000,000 = 2.5 亿
    assert fmt_money(250_000_000, "zh", "¥", compact=True) == "¥2.50亿"
    assert fmt_money(1234567, "en", "¥", compact=True) == "¥1.23M"


def test_babel_formats_per_language() -> None:
    # CLDR units: 12,345 = 1.2345 万 -> 1.2万; 12,345 = 12.345 K -> 12.3K; below 10,000 whole
    assert fmt_money(12_345, "zh", "¥", compact=True) == "¥1.2万"
    assert fmt_money(12_345, "en", "¥", compact=True) == "¥12.3K"
    assert fmt_money(9_999, "en", "¥", compact=True) == "¥9,999"
    assert fmt_pct(0.5, "zh", 0) == "50%"


def test_dollar_label_is_escaped_for_markdown_only() -> None:
    assert fmt_money(1500, "en", "$", markdown=True) == "\\$1,500"  # st.caption shows $1,500
    assert fmt_money(1500, "en", "$") == "$1,500"  # tables and charts: no backslash


def test_chinese_date_axes() -> None:
    import plotly.graph_objects as go

    from dashboard.components.charts import base_layout

    dates = [date(2026, 9, 7), date(2026, 9, 14)]
    zh = base_layout(go.Figure(go.Scatter(x=dates, y=[1, 2])), "t", lang="zh")
    assert zh.layout.xaxis.tickformatstops[2].value == "%Y年%-m月"
    en = base_layout(go.Figure(go.Scatter(x=dates, y=[1, 2])), "t", lang="en")
    assert not en.layout.xaxis.tickformatstops
    months = base_layout(go.Figure(go.Scatter(x=["2026-10", "2026-11"], y=[1, 2])), "t", lang="zh")
    assert months.layout.xaxis.tickformatstops  # month labels are dates to Plotly too
    quarters = base_layout(go.Figure(go.Scatter(x=["FY2026-Q1"], y=[1])), "t", lang="zh")
    assert not quarters.layout.xaxis.tickformatstops
    own = go.Figure(go.Scatter(x=dates, y=[1, 2])).update_xaxes(tickformat="%Y-%m")
    assert not base_layout(own, "t", lang="zh").layout.xaxis.tickformatstops
    numbers = base_layout(go.Figure(go.Scatter(x=[0.1, 0.2], y=[1, 2])), "t", lang="zh")
    assert not numbers.layout.xaxis.tickformatstops  # only date axes


# -- filters ------------------------------------------------------------------------------------
def test_filter_query_string_round_trip() -> None:
    state = FilterState(
        regions=("North", "East"),
        reps=("N01",),
        month_from="2026-01",
        month_to="2026-06",
        lang="zh",
    )
    text = state.to_query_string()
    assert text == "region=North&region=East&rep=N01&from=2026-01&to=2026-06&lang=zh"
    assert FilterState.from_query(parse_qs(text)) == state


def test_filter_query_drops_bad_values_and_orders_months() -> None:
    state = FilterState.from_query(
        {
            "from": "2026-09",
            "to": "2026-02",
            "lang": "xx",
            "region": ["", "West", "West"],
            "rep": [],
        }
    )
    assert (state.month_from, state.month_to) == ("2026-02", "2026-09")
    assert state.lang == "en" and state.regions == ("West",) and state.reps == ()
    assert FilterState.from_query({"from": "2026-13", "to": "26-01"}).month_from is None
    assert FilterState().to_query() == {}


def test_filter_dates_and_metric_query() -> None:
    state = FilterState(regions=("North",), month_from="2024-02", month_to="2024-02")
    assert state.date_from == date(2024, 2, 1)
    assert state.date_to == date(2024, 2, 29)  # leap year
    query = state.metric_query(by="rep", grain="week")
    assert query.regions == ("North",) and query.by == "rep"
    assert (query.date_from, query.date_to) == (date(2024, 2, 1), date(2024, 2, 29))


def test_default_months_are_the_fiscal_year_to_date() -> None:
    # Fiscal year starting in August: 14 May 2026 lies in the year Aug 2025 .. Jul 2026.
    state = FilterState().with_default_months(date(2026, 5, 14), 8)
    assert (state.month_from, state.month_to) == ("2025-08", "2026-05")
    assert month_range("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_fiscal_quarter_start() -> None:
    # Fiscal year from August: quarters start Aug, Nov, Feb, May. 14 Jan 2026 -> 1 Nov 2025.
    assert fiscal_quarter_start(date(2026, 1, 14), 8) == date(2025, 11, 1)
    assert fiscal_quarter_start(date(2026, 6, 30), 1) == date(2026, 4, 1)
    # The fiscal year is named after the calendar year in which it ends: Aug 2025 .. Jul 2026
    # is FY2026, and November is its second quarter (Aug-Oct is Q1).
    assert fiscal_quarter_label(date(2026, 1, 14), 8) == "FY2026-Q2"
    assert fiscal_quarter_label(date(2025, 8, 1), 8) == "FY2026-Q1"
    assert fiscal_quarter_label(date(2026, 12, 31), 1) == "FY2026-Q4"


# -- bands --------------------------------------------------------------------------------------
def test_bands_follow_the_thresholds() -> None:
    th = Thresholds()
    assert band_for("M1", 0.95, th).name_key == "band_accurate"  # edges belong to "accurate"
    assert band_for("M1", 0.9499, th).name_key == "band_over_committed"
    assert band_for("M1", 1.10, th).name_key == "band_accurate"
    assert band_for("M1", 1.1001, th).name_key == "band_under_called"
    assert (
        commit_accuracy_band(None, th, actual=10.0, commit=0.0).name_key == "band_uncommitted_wins"
    )
    assert band_for("M10", 0.0499, th).level == "bad"
    assert band_for("M10", 0.05, th).name_key == "band_normal"
    assert band_for("M10", 0.10, th).name_key == "band_good"
    assert band_for("M4", 0.05, th).level == "bad"  # healthy *below* 5%
    assert band_for("M4", 0.0499, th).level == "good"
    assert band_for("M9", 1.5, th).level == "good" and band_for("M9", 1.49, th).level == "bad"
    assert band_for("M9", None, th).name_key == "band_unavailable"
    custom = Thresholds(m9_healthy=2.0)
    assert band_for("M9", 1.8, custom).level == "bad"


# -- figures ------------------------------------------------------------------------------------
def _shapes(fig: object) -> list[tuple[str, float, float]]:
    return [(s.type, s.y0, s.y1) for s in fig.layout.shapes]  # type: ignore[attr-defined]


def test_commit_accuracy_figure_draws_the_accurate_band_from_settings() -> None:
    frame = pd.DataFrame(
        {"period": ["2026-01-05", "2026-01-12", "2026-01-19"], "value": [0.8, 1.0, 1.3]}
    )
    fig = commit_accuracy_figure(frame, Thresholds(), "en")
    assert _shapes(fig) == [("rect", 0.95, 1.10)]
    assert fig.layout.annotations[0].text == "accurate 95%–110%"
    colors = list(fig.data[0].marker.color)
    # 0.8 over-committed (red), 1.0 accurate (green), 1.3 under-called (amber)
    assert colors == ["#da3633", "#2ea043", "#db8900"]
    moved = commit_accuracy_figure(
        frame, Thresholds(m1_accurate_low=0.9, m1_accurate_high=1.2), "zh"
    )
    assert _shapes(moved) == [("rect", 0.9, 1.2)]
    assert moved.layout.title.text == "各周承诺准确率"


def test_metric_guides_lines() -> None:
    th = Thresholds()
    assert [(g.kind, g.y0) for g in metric_guides("M10", th)] == [("line", 0.05), ("line", 0.10)]
    assert [(g.kind, g.y0) for g in metric_guides("M9", th)] == [("line", 1.5)]
    assert [(g.kind, g.y0, g.y1) for g in metric_guides("M2", th)] == [("band", 0.95, 1.0)]
    frame = pd.DataFrame({"period": ["2026-01", "2026-02"], "value": [0.04, 0.12]})
    fig = metric_trend_figure(frame, "M10", th, "en", title="growth")
    assert _shapes(fig) == [("line", 0.05, 0.05), ("line", 0.10, 0.10)]


def test_linearity_figure_traces() -> None:
    weekly = [10.0, 0.0, 20.0]
    fig = linearity_figure([1, 2, 3], weekly, [10.0, 10.0, 30.0], [10.0, 20.0, 30.0], "en")
    assert [tr.type for tr in fig.data] == ["bar", "scatter", "scatter"]
    assert list(fig.data[0].y) == weekly
    assert list(fig.data[2].y) == [10.0, 20.0, 30.0]
    assert list(fig.data[0].x) == ["W1", "W2", "W3"]


# -- CSV safety ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-1234.5", "-1234.5"),
        ("-1,234.50", "-1,234.50"),
        ("Acme = best", "Acme = best"),
    ],
)
def test_neutralize_cell(text: str, expected: str) -> None:
    assert neutralize_cell(text) == expected


def test_csv_download_keeps_numbers_and_neutralizes_text() -> None:
    frame = pd.DataFrame(
        {
            "name": ["=cmd|' /C calc'!A0", "-", "Deal 7"],
            "amount": [-5.5, 12.0, -100.0],
            "=h": [1, 2, 3],
        }
    )
    raw = to_csv_bytes(frame)
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM so that Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["name", "amount", "'=h"]
    assert rows[1] == ["'=cmd|' /C calc'!A0", "-5.5", "1"]
    assert rows[2] == ["'-", "12.0", "2"]
    assert rows[3] == ["Deal 7", "-100.0", "3"]


# -- upload handler helpers ---------------------------------------------------------------------
def test_errors_frame_lists_every_problem() -> None:
    exc = LoadError(
        "b.csv",
        [RowError(3, "amount", "abc", "not a number"), RowError(None, None, None, "empty file")],
        total_errors=5,
    )
    frame = errors_frame(exc)
    assert list(frame.columns) == ["row", "column", "value", "message", "message_zh"]
    assert frame["row"].tolist()[0] == 3 and pd.isna(frame["row"].tolist()[1])
    assert frame["message"].tolist() == ["not a number", "empty file"]
    # problems without a code (not from the checks' catalog) keep the analytics text
    assert frame["message_zh"].tolist() == ["not a number", "empty file"]


def test_problems_of_the_checks_read_in_chinese() -> None:
    from analytics.ingest.messages import row_error

    exc = LoadError(
        "c.csv",
        [
            row_error(3, "rep", "X9", "unknown_rep", "2"),
            row_error(4, "tier", "Z", "bad_tier", None),
        ],
    )
    frame = errors_frame(exc)
    assert frame["message"].tolist()[1].startswith("is not a tier")
    # "2" is the number of other rows of the same rep: the Chinese text says so
    assert frame["message_zh"].tolist() == [
        "是未知的客户经理（另有 2 行）：请先加载客户经理表（forecast-desk ingest reps FILE），"
        "或加载含大区列的快照文件，或更正编号或姓名",
        "不是区域级别：请用 A、B 或 C，或留空",
    ]


def test_replace_is_recognised() -> None:
    exists = SnapshotExistsError("s.csv", existing_dates=(date(2026, 1, 5),))
    assert is_replace_needed(exists) and replace_dates_of(exists) == (date(2026, 1, 5),)
    assert not is_replace_needed(LoadError("s.csv")) and replace_dates_of(LoadError("x")) == ()


def test_texts_follow_every_setting_they_name() -> None:
    """Change every threshold the texts name; no text may still show a default value."""
    from dataclasses import replace

    from analytics.settings import Settings
    from dashboard.i18n import setting_values

    changed = replace(
        Settings(),
        eligible_stage=85,
        call_deadline_weekday=1,  # Tuesday
        call_deadline_hour=8,
        linear_share="working_days",
        thresholds=Thresholds(
            m1_accurate_low=0.93,
            m1_accurate_high=1.17,
            m2_healthy=0.91,
            m2_band_high=1.03,
            m3_healthy=1.07,
            m4_max=0.07,
            m8_healthy=1.13,
            m9_healthy=1.7,
            m10_floor=0.03,
            m10_good=0.12,
            m11_quality_stage=55,
            m14_expected=0.97,
            m16_attainment=1.04,
            m16_discipline=0.7,
        ),
    )
    # the defaults as a text shows them: 95%, 110%, 100%, 5%, 150%, 10%, 80%, stage 90%, 09:00,
    # Monday (the deadline day) and the 13 weeks of the "weeks" linear share
    defaults = re.compile(
        r"(?<![\d.])(95|110|100|5|150|10|80|90)\s?%|09:00|/ 13\b|Monday \d|周一 \d"
    )
    for lang, texts in (("en", EN), ("zh", ZH)):
        values = setting_values(changed, lang)
        for key in texts:
            if key == "linear_share_weeks":  # the text of the mode not chosen here
                continue
            names = set(re.findall(r"\{(\w+)\}", texts[key]))
            filled = t(key, lang, **{**{n: "x" for n in names}, **values})
            assert not defaults.search(filled), (lang, key, filled)
    assert setting_values(changed, "en")["deadline_day"] == "Tuesday"
    assert setting_values(changed, "zh")["m1_low"] == "93%"


def test_money_axes_count_in_wan_and_yi_in_chinese() -> None:
    """The 12-month and linearity charts label amounts ¥2,000万 / ¥1亿 in Chinese, ¥20M in English."""
    from dashboard.components.charts import linearity_figure
    from dashboard.components.monthly_charts import twelve_month_figure

    frame = pd.DataFrame(
        {
            "month": ["2026-12", "2027-01"],
            "forecast": [80_000_000.0, 60_000_000.0],
            "upside": [30_000_000.0, None],
            "stretch_target": [100_000_000.0, 90_000_000.0],
            "cover": [1.1, 0.67],
        }
    )
    labels = {"forecast": "f", "upside": "u", "stretch": "s"}
    zh = twelve_month_figure(frame, "¥", "zh", title="t", labels=labels)
    ticks = list(zh.layout.yaxis.ticktext)
    # top = max(80M + 30M, 100M) = 110M; 110M / 5 ticks = 22M rounds up to a step of 50M
    # (1, 2, 5 × 10^k), so the ticks run 0, 50M, 100M, 150M
    assert ticks == ["¥0", "¥5000万", "¥1亿", "¥1.5亿"]
    en = twelve_month_figure(frame, "¥", "en", title="t", labels=labels)
    assert en.layout.yaxis.tickformat == "~s" and en.layout.yaxis.tickprefix == "¥"
    lin = linearity_figure([1, 2], [3e7, 2e7], [3e7, 5e7], [2.5e7, 5e7], "zh")
    assert "¥5000万" in list(lin.layout.yaxis.ticktext)


def test_missing_text_shows_empty_not_none() -> None:
    from dashboard.components.tables import blank_missing_text

    frame = pd.DataFrame({"note": ["late", None], "amount": [1.0, None]})
    out = blank_missing_text(frame)
    assert list(out["note"]) == ["late", ""]
    assert out["amount"].isna().tolist() == [False, True]  # numbers stay numbers
    assert frame["note"].isna().tolist() == [False, True]  # the caller's frame is untouched
    dates = pd.DataFrame({"day": [date(2026, 1, 5), None]}, dtype=object)
    assert blank_missing_text(dates)["day"].isna().tolist() == [False, True]  # no "" among dates


def test_the_outlook_bar_stacks_booked_commit_upside_with_its_markers() -> None:
    from datetime import date

    from analytics.outlook import QuarterOutlook
    from dashboard.components.outlook_panel import outlook_figure

    out = QuarterOutlook(
        "FY2026-Q1",
        date(2026, 1, 1),
        date(2026, 4, 1),
        date(2026, 1, 31),
        False,
        280.0,
        100.0,
        50.0,
        700.0,
        810.0,
        950.0,
        900.0,
        1000.0,
    )
    fig = outlook_figure(out, "en")
    bars = [trace for trace in fig.data if trace.type == "bar"]
    assert [float(b.x[0]) for b in bars] == [280.0, 100.0, 50.0]  # booked, commit, upside
    assert fig.layout.barmode == "stack"
    lines = {trace.name: trace.x[0] for trace in fig.data if trace.type == "scatter"}
    # P50 810, the linear path 900 x 30 / 90 = 300, target 900, stretch 1000; P10-P90 from 700
    assert lines["P50"] == 810.0
    assert lines["Linear path on 2026-01-31"] == 300.0
    assert (lines["Target"], lines["Stretch target"], lines["P10–P90"]) == (900.0, 1000.0, 700.0)
    assert not fig.layout.annotations  # nothing written over the bar
