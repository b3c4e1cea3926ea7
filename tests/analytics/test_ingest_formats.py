"""Real exports are messy and must load: encodings, line endings, delimiters, CRM layouts.

Each test writes a small file the way a CRM or a spreadsheet would, loads it and checks the
stored values against what the file says (read by hand).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from analytics.errors import LoadError
from analytics.ingest import ingest_file
from analytics.store import Store

REPS = "rep,name,region\nS01,Ann Lee,North\nS02,Bo Wang,North\nS03,Chen Jie,East\n"


def write(
    tmp_path: Path, name: str, text: str, encoding: str = "utf-8", newline: str = "\n"
) -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


@pytest.fixture
def reps_store(store: Store, tmp_path: Path) -> Store:
    ingest_file(store, "reps", write(tmp_path, "reps.csv", REPS))
    return store


def snapshot_rows(store: Store) -> list[tuple[object, ...]]:
    cur = store.cursor()
    return cur.execute(
        "SELECT snapshot_date, opportunity_id, rep, stage, amount, close_date, forecast_category "
        "FROM snapshots ORDER BY snapshot_date, opportunity_id"
    ).fetchall()


def test_utf8_bom_crlf_quoted_everything_and_padded_headers(
    reps_store: Store, tmp_path: Path
) -> None:
    text = (
        '\ufeff" Snapshot_Date ","  OPPORTUNITY ID","Rep ","Stage","Amount","Close Date",'
        '"Forecast Category"\n'
        '"2026-01-05","O1"," S01 ","60","$431,370","1/30/2026","Pipeline"\n'
        '"2026-01-05","O2","S02","90%","¥1,234.50","2026-02-15","Commit"\n'
    )
    path = write(tmp_path, "bom.csv", text, newline="\r\n")
    report = ingest_file(reps_store, "snapshots", path)
    assert report.rows == 2
    assert snapshot_rows(reps_store) == [
        (date(2026, 1, 5), "O1", "S01", 60.0, Decimal("431370.00"), date(2026, 1, 30), "pipeline"),
        (date(2026, 1, 5), "O2", "S02", 90.0, Decimal("1234.50"), date(2026, 2, 15), "commit"),
    ]


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_chinese_headers_in_gb18030_and_gbk(
    reps_store: Store, tmp_path: Path, encoding: str
) -> None:
    text = (
        "快照日期,商机编号,商机名称,客户,销售代表,大区,阶段,金额,预计成交日期,预测类别,创建日期\n"
        '2026-01-12,O1,路由器更新,华北银行,Ann Lee,North,60,"￥1,234.50",2026-01-30,承诺,2025-12-01\n'
        "2026-01-12,O2,园区网络,东方大学,S02,North,赢单,500,2026/1/30,赢单,2025-11-20\n"
        "2026-01-12,O3,安全,西部物流,S03,East,25,800,2026-03-01,通路,2025-12-15\n"
    )
    report = ingest_file(reps_store, "snapshots", write(tmp_path, "cn.csv", text, encoding))
    assert any("GB18030" in n for n in report.notes)
    assert snapshot_rows(reps_store) == [
        (date(2026, 1, 12), "O1", "S01", 60.0, Decimal("1234.50"), date(2026, 1, 30), "commit"),
        (date(2026, 1, 12), "O2", "S02", 100.0, Decimal("500.00"), date(2026, 1, 30), "won"),
        (date(2026, 1, 12), "O3", "S03", 25.0, Decimal("800.00"), date(2026, 3, 1), "pipeline"),
    ]
    names = reps_store.cursor().execute(
        "SELECT opportunity_name, account FROM snapshots ORDER BY 1"
    )
    assert ("园区网络", "东方大学") in names.fetchall()


def test_utf16_with_byte_order_mark(reps_store: Store, tmp_path: Path) -> None:
    text = "rep,order_id,booked_date,amount\nS01,SO-1,2026-01-07,100\n"
    path = tmp_path / "u16.csv"
    path.write_bytes(text.encode("utf-16"))  # Python writes the BOM
    report = ingest_file(reps_store, "bookings", path)
    assert report.rows == 1
    assert any("UTF-16" in n for n in report.notes)


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_line_endings(reps_store: Store, tmp_path: Path, newline: str) -> None:
    text = "rep,order_id,booked_date,amount\nS01,SO-1,2026-01-07,100\nS02,SO-2,2026-01-08,200\n"
    ingest_file(reps_store, "bookings", write(tmp_path, "b.csv", text, newline=newline))
    rows = (
        reps_store.cursor().execute("SELECT order_id, amount FROM bookings ORDER BY 1").fetchall()
    )
    assert rows == [("SO-1", Decimal("100.00")), ("SO-2", Decimal("200.00"))]


def test_semicolons_with_decimal_commas(reps_store: Store, tmp_path: Path) -> None:
    text = "rep;order_id;booked_date;amount\nS01;SO-1;5.1.2026;1.234,50\nS02;SO-2;2026-01-08;99,5\n"
    report = ingest_file(reps_store, "bookings", write(tmp_path, "semi.csv", text))
    assert "semicolon-separated" in report.notes
    rows = reps_store.cursor().execute(
        "SELECT order_id, booked_date, amount FROM bookings ORDER BY 1"
    )
    assert rows.fetchall() == [
        ("SO-1", date(2026, 1, 5), Decimal("1234.50")),
        ("SO-2", date(2026, 1, 8), Decimal("99.50")),
    ]


def test_us_dates_short_years_datetimes_and_accounting_amounts(
    reps_store: Store, tmp_path: Path
) -> None:
    text = (
        "snapshot_date,opportunity_id,rep,stage,amount,close_date,forecast_category\n"
        "1/5/26,O1,S01,10,$-,3/31/26,pipeline\n"
        '2026-01-05 00:00:00,O2,S01,10,"(1,200)",2026-03-31T00:00:00.000+0000,pipeline\n'
        '1/5/2026 9:14 AM,O3,S01,10,"$1,000.00",03/31/2026 5:00 PM,pipeline\n'
    )
    ingest_file(reps_store, "snapshots", write(tmp_path, "us.csv", text))
    rows = snapshot_rows(reps_store)
    assert [r[0] for r in rows] == [date(2026, 1, 5)] * 3
    assert [r[5] for r in rows] == [date(2026, 3, 31)] * 3
    assert [r[4] for r in rows] == [Decimal("0.00"), Decimal("-1200.00"), Decimal("1000.00")]


SALESFORCE_REPORT = (
    '"Opportunity Owner","Account Name","Opportunity Name","Stage","Amount","Probability (%)",'
    '"Close Date","Created Date","Opportunity ID"\n'
    '"Ann Lee","Acme","Router","Closed Won","$125,000","100%","11/20/2026","8/12/2026","006A"\n'
    '"bo  wang","Gamma","Data center","Negotiation/Review","$300,000","90%","11/30/2026",'
    '"6/20/2026","006B"\n'
    '"Chen Jie","Epsilon","VoIP","Closed Lost","$45,000","0%","12/18/2026","8/30/2026","006C"\n'
    '"Chen Jie","Zeta","SD-WAN","Proposal/Price Quote","$90,000","","12/11/2026","11/2/2026",'
    '"006D"\n'
    "\n"
    '"Opportunities by Owner"\n'
    '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
    '"Confidential Information - Do Not Distribute"\n'
    '"Generated By:  Mia Chen  11/23/2026 8:05 AM"\n'
    '"Forecast Desk Sample Co."\n'
)


def test_salesforce_report_export(reps_store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "report.csv", "\ufeff" + SALESFORCE_REPORT, newline="\r\n")
    report = ingest_file(reps_store, "snapshots", path, snapshot_date=date(2026, 11, 23))
    assert report.rows == 4
    assert report.snapshot_dates == (date(2026, 11, 23),)
    assert "5 footer lines of a Salesforce report skipped (from row 6)" in report.notes
    assert any(n.startswith("forecast_category derived from stage") for n in report.notes)
    # owners are names, matched to rep ids ignoring case and spacing; Probability (%) is the
    # stage, the stage name fills in where it is empty (Proposal/Price Quote = 75 in settings);
    # categories from the stage: 100 won, 90 commit, lost name lost, 75 upside
    assert snapshot_rows(reps_store) == [
        (date(2026, 11, 23), "006A", "S01", 100.0, Decimal("125000.00"), date(2026, 11, 20), "won"),
        (
            date(2026, 11, 23),
            "006B",
            "S02",
            90.0,
            Decimal("300000.00"),
            date(2026, 11, 30),
            "commit",
        ),
        (date(2026, 11, 23), "006C", "S03", 0.0, Decimal("45000.00"), date(2026, 12, 18), "lost"),
        (
            date(2026, 11, 23),
            "006D",
            "S03",
            75.0,
            Decimal("90000.00"),
            date(2026, 12, 11),
            "upside",
        ),
    ]


def test_salesforce_api_export(reps_store: Store, tmp_path: Path) -> None:
    text = (
        "Id,Name,StageName,Probability,Amount,CloseDate,ForecastCategoryName,OwnerId,CreatedDate\n"
        "006A,Router,Qualification,10,1000.5,2026-03-31,Pipeline,S01,2026-01-05T10:00:00.000+0000\n"
        "006B,Switch,Negotiation/Review,90,2000,2026-02-28,BestCase,S02,2026-01-06T10:00:00.000+0000\n"
        "006C,Old,Closed Lost,0,300,2026-01-31,Omitted,S03,2025-10-01T10:00:00.000+0000\n"
    )
    ingest_file(
        reps_store, "snapshots", write(tmp_path, "api.csv", text), snapshot_date=date(2026, 1, 12)
    )
    assert snapshot_rows(reps_store) == [
        (date(2026, 1, 12), "006A", "S01", 10.0, Decimal("1000.50"), date(2026, 3, 31), "pipeline"),
        (date(2026, 1, 12), "006B", "S02", 90.0, Decimal("2000.00"), date(2026, 2, 28), "upside"),
        # Closed Lost is filed under Omitted by Salesforce: the lost stage name wins
        (date(2026, 1, 12), "006C", "S03", 0.0, Decimal("300.00"), date(2026, 1, 31), "lost"),
    ]
    created = reps_store.cursor().execute("SELECT min(created_date) FROM snapshots").fetchone()
    assert created == (date(2025, 10, 1),)


def test_hubspot_export_with_fractional_probabilities(reps_store: Store, tmp_path: Path) -> None:
    text = (
        "Record ID,Deal Name,Deal Stage,Amount,Close Date,Deal owner,Create Date,"
        "Forecast category,Deal probability\n"
        "101,Router,Appointment scheduled,5000,2026-03-31 00:00,Ann Lee,2026-01-02 09:00,"
        "PIPELINE,0.2\n"
        "102,Switch,Contract sent,7000,2026-02-27 00:00,S02,2026-01-03 09:00,COMMIT,0.9\n"
        "103,Cloud,Closed won,9000,2026-01-09 00:00,Chen Jie,2025-12-03 09:00,CLOSED,1\n"
        "104,Lost,Closed lost,100,2026-01-09 00:00,S01,2025-12-03 09:00,OMIT,0\n"
    )
    report = ingest_file(
        reps_store, "snapshots", write(tmp_path, "hub.csv", text), snapshot_date=date(2026, 1, 12)
    )
    assert any("fractions 0–1" in n for n in report.notes)
    assert snapshot_rows(reps_store) == [
        (date(2026, 1, 12), "101", "S01", 20.0, Decimal("5000.00"), date(2026, 3, 31), "pipeline"),
        (date(2026, 1, 12), "102", "S02", 90.0, Decimal("7000.00"), date(2026, 2, 27), "commit"),
        (date(2026, 1, 12), "103", "S03", 100.0, Decimal("9000.00"), date(2026, 1, 9), "won"),
        # "Closed lost" is a lost stage name: lost, whatever the category (OMIT) says
        (date(2026, 1, 12), "104", "S01", 0.0, Decimal("100.00"), date(2026, 1, 9), "lost"),
    ]


def test_hubspot_stage_names_without_probability(reps_store: Store, tmp_path: Path) -> None:
    # stage names map through the settings' [stages]: appointmentscheduled 20,
    # decisionmakerboughtin 80, closedlost 0 (a lost name, so the category is lost)
    text = (
        "Record ID,Deal Stage,Amount,Close Date,Deal owner\n"
        "1,appointmentscheduled,10,2026-03-31,S01\n"
        "2,decisionmakerboughtin,20,2026-03-31,S01\n"
        "3,closedlost,30,2026-03-31,S01\n"
    )
    ingest_file(
        reps_store, "snapshots", write(tmp_path, "h.csv", text), snapshot_date=date(2026, 1, 5)
    )
    rows = snapshot_rows(reps_store)
    assert [(r[3], r[6]) for r in rows] == [(20.0, "pipeline"), (80.0, "upside"), (0.0, "lost")]


def test_derived_categories_follow_the_stage_ladder(reps_store: Store, tmp_path: Path) -> None:
    stages = [100, 95, 90, 85, 80, 70, 60, 0]
    body = "".join(f"O{i},S01,{s},1,2026-03-31\n" for i, s in enumerate(stages))
    text = "opportunity_id,rep,stage,amount,close_date\n" + body
    ingest_file(
        reps_store, "snapshots", write(tmp_path, "d.csv", text), snapshot_date=date(2026, 1, 5)
    )
    got = [r[6] for r in snapshot_rows(reps_store)]
    # 100 won; >= 90 commit; 70-89 upside; below 70 pipeline (stage 0 is a lead, still pipeline)
    assert got == ["won", "commit", "commit", "upside", "upside", "upside", "pipeline", "pipeline"]


def test_empty_lines_count_in_row_numbers(reps_store: Store, tmp_path: Path) -> None:
    text = (
        "rep,order_id,booked_date,amount\n"  # row 1
        "S01,SO-1,2026-01-07,100\n"  # row 2
        "\n"  # row 3 (empty)
        "\n"  # row 4 (empty)
        "S01,SO-2,2026-01-07,lots\n"  # row 5
    )
    with pytest.raises(LoadError) as info:
        ingest_file(reps_store, "bookings", write(tmp_path, "blank.csv", text))
    assert [(e.row, e.column) for e in info.value.errors] == [(5, "amount")]
    ok = text.replace("lots", "5")
    report = ingest_file(reps_store, "bookings", write(tmp_path, "blank2.csv", ok))
    assert "2 empty lines skipped (rows 3, 4)" in report.notes


def test_file_names_with_glob_characters(reps_store: Store, tmp_path: Path) -> None:
    # DuckDB expands * ? [ ] in paths; the loader reads such a file through a plain-named copy
    text = "rep,order_id,booked_date,amount\nS01,SO-1,2026-01-07,100\n"
    report = ingest_file(reps_store, "bookings", write(tmp_path, "orders [v2]*.csv", text))
    assert (report.rows, report.file_name) == (1, "orders [v2]*.csv")


def test_an_excel_workbook_is_refused_with_a_hint(reps_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "book.csv"
    path.write_bytes(b"PK\x03\x04" + bytes(200))
    with pytest.raises(LoadError) as info:
        ingest_file(reps_store, "reps", path)
    assert "Excel workbook" in str(info.value) and "CSV UTF-8" in str(info.value)
    assert reps_store.table_counts()["reps"] == 3
