"""Cell parsing (the SQL macros), header aliases and line facts, on values checked by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

import duckdb
import pytest

from analytics.ingest.columns import map_headers, normalize_header
from analytics.ingest.reader import install_macros
from analytics.ingest.textfile import LineStats
from analytics.store import Store


@pytest.fixture(scope="module")
def cur() -> Iterator[duckdb.DuckDBPyConnection]:
    """One in-memory store with the parsing macros for the whole module (they are pure)."""
    store = Store(":memory:")
    c = store.cursor()
    install_macros(c)
    yield c
    store.close()


def _eval(cur: duckdb.DuckDBPyConnection, macro: str, value: str | None) -> object:
    # macros take a cleaned cell, as the stage queries pass it
    row = cur.execute(f"SELECT {macro}(ing_clean($v))", {"v": value}).fetchone()
    assert row is not None
    return row[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("431370", Decimal("431370.00")),
        ("$431,370", Decimal("431370.00")),
        ("¥1,234.50", Decimal("1234.50")),
        ("￥1,234.50", Decimal("1234.50")),
        ("(1,200)", Decimal("-1200.00")),
        ("-1,200", Decimal("-1200.00")),
        ("1,200-", Decimal("-1200.00")),
        ("$-", Decimal("0.00")),
        ("$ -", Decimal("0.00")),
        ("USD 1,000.25", Decimal("1000.25")),
        ("1.234,50", Decimal("1234.50")),  # decimal comma with thousands dots
        ("1234,5", Decimal("1234.50")),
        ("12 345,67", Decimal("12345.67")),
        (" 99.999 ", Decimal("100.00")),  # rounded to the cent
        ("1.2E6", Decimal("1200000.00")),
        ("abc", None),
        ("1,23,4", None),
        ("12-34", None),
        ("", None),
    ],
)
def test_amounts(cur: duckdb.DuckDBPyConnection, text: str, expected: Decimal | None) -> None:
    assert _eval(cur, "ing_amount", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-05", date(2026, 1, 5)),
        ("2026/1/5", date(2026, 1, 5)),
        ("1/5/2026", date(2026, 1, 5)),  # month first
        ("12/31/2026", date(2026, 12, 31)),
        ("1/5/26", date(2026, 1, 5)),
        ("12/31/99", date(1999, 12, 31)),  # two-digit years: 00-69 -> 20xx, 70-99 -> 19xx
        ("5.1.2026", date(2026, 1, 5)),  # dots: day first
        ("2026年1月5日", date(2026, 1, 5)),
        ("2026-01-05 10:00:00", date(2026, 1, 5)),
        ("2026-01-05T10:00:00.000+0000", date(2026, 1, 5)),
        ("1/5/2026 9:14 AM", date(2026, 1, 5)),
        ("2026-02-30", None),
        ("2/30/2026", None),
        ("13/1/2026", None),
        ("Jan 5", None),
        ("2026-01-05 noon", None),
    ],
)
def test_dates(cur: duckdb.DuckDBPyConnection, text: str, expected: date | None) -> None:
    assert _eval(cur, "ing_date", text) == expected


def test_impossible_dates_are_told_apart_from_non_dates(cur: duckdb.DuckDBPyConnection) -> None:
    assert _eval(cur, "ing_date_code", "2026-02-30") == "impossible_date"
    assert _eval(cur, "ing_date_code", "soon") == "bad_date"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-04 18:30", datetime(2026, 1, 4, 18, 30)),
        ("1/4/2026 6:30 PM", datetime(2026, 1, 4, 18, 30)),
        ("1/5/2026 12:05 AM", datetime(2026, 1, 5, 0, 5)),
        ("1/5/2026 12:05 PM", datetime(2026, 1, 5, 12, 5)),
        ("2026-01-05T08:59:59Z", datetime(2026, 1, 5, 8, 59, 59)),
        ("2026-01-05", datetime(2026, 1, 5)),
        ("2026-01-05 25:00", None),
    ],
)
def test_timestamps(cur: duckdb.DuckDBPyConnection, text: str, expected: datetime | None) -> None:
    assert _eval(cur, "ing_ts", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01", date(2026, 1, 1)),
        ("2026/3", date(2026, 3, 1)),
        ("2026年3月", date(2026, 3, 1)),
        ("3/2026", date(2026, 3, 1)),
        ("Jan-26", date(2026, 1, 1)),  # how a spreadsheet rewrites 2026-01
        ("January 2026", date(2026, 1, 1)),
        ("2026-01-01", date(2026, 1, 1)),
        ("1/1/2026", date(2026, 1, 1)),
        ("2026-01-15", None),  # a date that is not the first of a month is not a month
        ("2026-13", None),
    ],
)
def test_months(cur: duckdb.DuckDBPyConnection, text: str, expected: date | None) -> None:
    assert _eval(cur, "ing_month", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Commit", "commit"),
        ("COMMIT", "commit"),
        ("Best Case", "upside"),
        ("BEST_CASE", "upside"),
        ("best-case", "upside"),
        ("Most Likely", "upside"),
        ("Pipeline", "pipeline"),
        ("Omitted", "omitted"),
        ("OMIT", "omitted"),
        ("Closed", "won"),
        ("CLOSED", "won"),
        ("承诺", "commit"),
        ("UPSIDE", "upside"),
        ("通路", "pipeline"),
        ("赢单", "won"),
        ("丢单", "lost"),
        ("忽略", "omitted"),
        ("Maybe", None),
    ],
)
def test_forecast_categories(cur: duckdb.DuckDBPyConnection, text: str, expected: str) -> None:
    assert _eval(cur, "ing_category", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 2026-01-01 is a Thursday, so ISO week 1 starts on Monday 2025-12-29
        ("2026-W01", date(2025, 12, 29)),
        ("2026-W02", date(2026, 1, 5)),
        ("2026w2", date(2026, 1, 5)),
        ("2026-W53", date(2026, 12, 28)),  # 2026 has 53 ISO weeks (it starts on a Thursday)
        ("2027-W53", None),  # 2027 has 52
        ("2026-W00", None),
        ("2026-02", None),
    ],
)
def test_iso_weeks(cur: duckdb.DuckDBPyConnection, text: str, expected: date | None) -> None:
    assert _eval(cur, "ing_iso_week", text) == expected


def test_small_code_words(cur: duckdb.DuckDBPyConnection) -> None:
    assert _eval(cur, "ing_status", "Canceled") == "cancelled"
    assert _eval(cur, "ing_status", "UNREALIZED") == "unrealized"
    assert _eval(cur, "ing_status", "shipped") is None
    assert _eval(cur, "ing_tier", "b") == "B"
    assert _eval(cur, "ing_tier", "D") is None
    assert _eval(cur, "ing_scope_type", "Region") == "region"
    assert _eval(cur, "ing_bool", "Yes") is True
    assert _eval(cur, "ing_bool", "0") is False
    assert _eval(cur, "ing_bool", "maybe") is None
    assert _eval(cur, "ing_prob", "60%") == 60.0
    assert _eval(cur, "ing_clean", "\u3000 S01\u00a0\t") == "S01"
    assert _eval(cur, "ing_key", "Ann  LEE") == "annlee"


def test_headers_are_compared_trimmed_case_folded_and_spaced() -> None:
    assert normalize_header("  Close_Date ") == "close date"
    assert normalize_header("\ufeffCLOSE   DATE") == "close date"
    assert normalize_header('"Probability (%)"') == "probability (%)"


ALIAS_FAMILIES = {
    "salesforce report labels": (
        ["Opportunity ID", "Opportunity Name", "Account Name", "Opportunity Owner", "Stage",
         "Probability (%)", "Amount", "Close Date", "Forecast Category", "Created Date"],
        ["opportunity_id", "opportunity_name", "account", "rep", "stage", "probability",
         "amount", "close_date", "forecast_category", "created_date"],
    ),
    "salesforce api names": (
        ["Id", "Name", "StageName", "Probability", "Amount", "CloseDate",
         "ForecastCategoryName", "OwnerId", "CreatedDate"],
        ["opportunity_id", "opportunity_name", "stage", "probability", "amount", "close_date",
         "forecast_category", "rep", "created_date"],
    ),
    "hubspot": (
        ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Deal owner",
         "Create Date", "Forecast category", "Deal probability"],
        ["opportunity_id", "opportunity_name", "stage", "amount", "close_date", "rep",
         "created_date", "forecast_category", "probability"],
    ),
    "chinese": (
        ["快照日期", "商机编号", "商机名称", "客户", "销售代表", "大区", "阶段", "金额",
         "预计成交日期", "预测类别", "创建日期"],
        ["snapshot_date", "opportunity_id", "opportunity_name", "account", "rep", "region",
         "stage", "amount", "close_date", "forecast_category", "created_date"],
    ),
    "other owners": (["Owner", "Deal Owner", " OPPORTUNITY OWNER "], ["rep", None, None]),
}  # fmt: skip


@pytest.mark.parametrize("family", sorted(ALIAS_FAMILIES))
def test_snapshot_header_alias_families(family: str) -> None:
    headers, keys = ALIAS_FAMILIES[family]
    mapping = map_headers("snapshots", headers)
    # a second header for the same column is not used (the first one wins)
    assert list(mapping.positions) == keys


def test_other_tables_have_their_own_aliases() -> None:
    calls = map_headers("calls", ["Owner", "Week", "Submitted", "Commit", "Best Case"])
    assert calls.positions == ("rep", "week", "submitted_at", "commit_amount", "upside")
    assert calls.mapping["commit"] == "Commit"
    reps = map_headers("reps", ["Id", "Name", "大区", "Tier"])
    assert reps.positions == ("rep", "name", "region", "tier")
    bookings = map_headers("bookings", ["Order Number", "Deal owner", "Order Date", "Amount"])
    assert bookings.positions == ("order_id", "rep", "booked_date", "amount")
    assert map_headers("targets", ["Level", "Scope", "Month", "Quota"]).missing() == []


def test_missing_required_columns_are_named() -> None:
    mapping = map_headers("calls", ["rep", "submitted_at", "commit"])
    assert mapping.missing() == [("week_start", "week")]
    snap = map_headers("snapshots", ["opportunity_id", "rep", "stage", "amount", "close_date"])
    assert snap.missing() == [("snapshot_date",)]
    assert snap.missing(snapshot_date_given=True) == []


def _stats(data: bytes, chunk: int) -> LineStats:
    stats = LineStats()
    for i in range(0, len(data), chunk):
        stats.feed(data[i : i + chunk])
    stats.finish()
    return stats


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 1000])
@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_empty_lines_are_found_across_chunk_boundaries(chunk: int, newline: bytes) -> None:
    # lines: 1 header, 2 a, 3 (empty), 4 b, 5 (empty), 6 (empty), 7 c
    data = newline.join([b"h,x", b"a,1", b"", b"b,2", b"", b"", b"c,3"]) + newline
    stats = _stats(data, chunk)
    assert stats.newline == newline
    assert stats.blank_lines == [3, 5, 6]
    assert stats.total_lines == 7
