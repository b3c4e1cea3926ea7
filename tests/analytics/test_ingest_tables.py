"""The loading rules of each table: defaults, rep matching, replacements, duplicates, reports."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from analytics.errors import LoadError, SnapshotExistsError
from analytics.ingest import ingest_file, preview_file
from analytics.loadlog import get_load, list_loads, unload
from analytics.store import Store

REPS = "rep,name,region,tier\nS01,Ann Lee,North,A\nS02,Bo Wang,North,\nS03,Chen Jie,East,c\n"
SNAP_HEADER = "snapshot_date,opportunity_id,rep,region,stage,amount,close_date\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    return store.cursor().execute(sql).fetchall()


@pytest.fixture
def reps_store(store: Store, tmp_path: Path) -> Store:
    ingest_file(store, "reps", write(tmp_path, "reps.csv", REPS))
    return store


def refused(store: Store, table: str, path: Path, **kwargs: object) -> LoadError:
    before = store.table_counts()
    with pytest.raises(LoadError) as info:
        ingest_file(store, table, path, **kwargs)  # type: ignore[arg-type]
    assert store.table_counts() == before
    return info.value


# -- reps ---------------------------------------------------------------------------------------


def test_reps_tiers_and_sources(reps_store: Store) -> None:
    assert rows(reps_store, "SELECT rep, name, region, tier, source FROM reps ORDER BY rep") == [
        ("S01", "Ann Lee", "North", "A", "reps"),
        ("S02", "Bo Wang", "North", None, "reps"),
        ("S03", "Chen Jie", "East", "C", "reps"),
    ]


def test_reps_need_a_region_a_known_tier_and_one_row_each(store: Store, tmp_path: Path) -> None:
    text = "rep,region,tier\nS01,North,A\nS02,,B\nS03,East,D\nS01,East,A\n"
    err = refused(store, "reps", write(tmp_path, "r.csv", text))
    assert [(e.row, e.column) for e in err.errors] == [(3, "region"), (4, "tier"), (5, "rep")]
    assert "rows 2 and 5" in err.errors[2].message


# -- targets ------------------------------------------------------------------------------------


def test_targets_default_stretch_rep_scope_by_name_and_month_forms(
    reps_store: Store, tmp_path: Path
) -> None:
    text = (
        "scope_type,scope,month,target,stretch_target\n"
        "company,ACME,2026-01,1000,1200\n"
        "Region,North,Feb-26,500,\n"
        "rep,ann lee,2026/3,100,110\n"
    )
    report = ingest_file(reps_store, "targets", write(tmp_path, "t.csv", text))
    assert report.rows == 3
    got = rows(
        reps_store,
        "SELECT scope_type, scope, month, target, stretch_target FROM targets ORDER BY month",
    )
    assert got == [
        ("company", "company", date(2026, 1, 1), Decimal("1000.00"), Decimal("1200.00")),
        ("region", "North", date(2026, 2, 1), Decimal("500.00"), Decimal("500.00")),
        ("rep", "S01", date(2026, 3, 1), Decimal("100.00"), Decimal("110.00")),
    ]


def test_targets_without_stretch_column_say_so(reps_store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", "scope_type,scope,month,target\nrep,S02,2026-01,70\n")
    report = ingest_file(reps_store, "targets", path)
    assert "stretch_target not given: set to target" in report.notes
    assert rows(reps_store, "SELECT stretch_target FROM targets") == [(Decimal("70.00"),)]


def test_targets_refuse_bad_scope_month_and_unknown_rep(reps_store: Store, tmp_path: Path) -> None:
    text = (
        "scope_type,scope,month,target\n"
        "team,X,2026-01,1\n"
        "rep,Nobody,2026-01,1\n"
        "region,North,2026-01-15,1\n"
        "region,North,2026-02,1\n"
        "region,north,2026-02,2\n"
    )
    err = refused(reps_store, "targets", write(tmp_path, "t.csv", text))
    got = [(e.row, e.column) for e in err.errors]
    assert got == [(2, "scope_type"), (3, "scope"), (4, "month"), (6, "scope")]
    assert "unknown rep" in err.errors[1].message and "load reps first" in err.errors[1].message
    assert "rows 5 and 6" in err.errors[3].message


# -- calls --------------------------------------------------------------------------------------

CALLS = "rep,week,submitted_at,commit,upside\nS01,2026-W02,2026-01-04 18:00,100,50\n"


def test_calls_read_iso_weeks_as_mondays(reps_store: Store, tmp_path: Path) -> None:
    ingest_file(reps_store, "calls", write(tmp_path, "c.csv", CALLS))
    # ISO week 2 of 2026 starts on Monday 2026-01-05
    assert rows(
        reps_store, "SELECT rep, week_start, submitted_at, commit_amount, upside FROM calls"
    ) == [
        ("S01", date(2026, 1, 5), datetime(2026, 1, 4, 18, 0), Decimal("100.00"), Decimal("50.00"))
    ]


def test_a_new_call_replaces_the_stored_one_for_the_same_rep_and_week(
    reps_store: Store, tmp_path: Path
) -> None:
    first = ingest_file(reps_store, "calls", write(tmp_path, "c1.csv", CALLS))
    text = "rep,week_start,submitted_at,commit\nAnn Lee,2026-01-05,2026-01-05 08:00,120\nS02,2026-01-05,2026-01-05 08:00,7\n"
    second = ingest_file(reps_store, "calls", write(tmp_path, "c2.csv", text))
    assert (
        f"replaced 1 stored call(s) for the same rep and week (load {first.load_id})"
        in second.notes
    )
    got = rows(reps_store, "SELECT rep, commit_amount, load_id FROM calls ORDER BY rep")
    assert got == [
        ("S01", Decimal("120.00"), second.load_id),
        ("S02", Decimal("7.00"), second.load_id),
    ]
    # the first load lost its only row, so it left the load log
    assert get_load(reps_store, first.load_id) is None


def test_calls_refuse_non_mondays_and_two_calls_for_one_week(
    reps_store: Store, tmp_path: Path
) -> None:
    text = (
        "rep,week_start,submitted_at,commit\n"
        "S01,2026-01-06,2026-01-05 08:00,1\n"
        "S02,2026-01-05,2026-01-05 08:00,1\n"
        "bo wang,2026-01-05,2026-01-05 09:00,2\n"
        "S03,2026-01-05,yesterday,1\n"
    )
    err = refused(reps_store, "calls", write(tmp_path, "c.csv", text))
    assert [(e.row, e.column) for e in err.errors] == [
        (2, "week_start"),
        (4, "rep"),
        (5, "submitted_at"),
    ]
    assert "2026-01-06 is a Tuesday; the Monday of that week is 2026-01-05" in err.errors[0].message
    assert "rows 3 and 4" in err.errors[1].message


# -- forecasts ----------------------------------------------------------------------------------


def forecast_file(tmp_path: Path, name: str, amount: int, months: int = 12) -> Path:
    lines = ["rep,review_month,submitted_at,month,forecast"]
    for i in range(months):
        y, m = 2026 + i // 12, i % 12 + 1
        lines.append(f"S01,2026-01,2026-01-05 08:00,{y}-{m:02d},{amount}")
    return write(tmp_path, name, "\n".join(lines) + "\n")


def test_a_resubmission_replaces_the_review_month(reps_store: Store, tmp_path: Path) -> None:
    first = ingest_file(reps_store, "forecasts", forecast_file(tmp_path, "f1.csv", 10))
    second = ingest_file(reps_store, "forecasts", forecast_file(tmp_path, "f2.csv", 20))
    assert any(n.startswith("replaced 12 stored forecast row(s)") for n in second.notes)
    # 12 months x 20 = 240; nothing of the first submission is left
    assert rows(reps_store, "SELECT count(*), sum(forecast) FROM forecasts") == [
        (12, Decimal("240.00"))
    ]
    assert get_load(reps_store, first.load_id) is None


def test_forecast_months_lie_within_twelve_months_of_the_review(
    reps_store: Store, tmp_path: Path
) -> None:
    text = (
        "rep,review_month,submitted_at,month,forecast\n"
        "S01,2026-01,2026-01-05 08:00,2026-12,1\n"
        "S01,2026-01,2026-01-05 08:00,2027-01,1\n"
        "S01,2026-01,2026-01-05 08:00,2025-12,1\n"
    )
    err = refused(reps_store, "forecasts", write(tmp_path, "f.csv", text))
    assert [(e.row, e.column) for e in err.errors] == [(3, "month"), (4, "month")]
    assert "2026-01 .. 2026-12" in err.errors[0].message


# -- bookings -----------------------------------------------------------------------------------


def test_booking_status_defaults_and_spellings(reps_store: Store, tmp_path: Path) -> None:
    text = (
        "order_id,rep,booked_date,amount,status\n"
        "SO-1,S01,2026-01-07,100,\nSO-2,S01,2026-01-07,100,Canceled\nSO-3,S01,2026-01-07,1,unrealized\n"
    )
    ingest_file(reps_store, "bookings", write(tmp_path, "b.csv", text))
    assert rows(reps_store, "SELECT order_id, status FROM bookings ORDER BY 1") == [
        ("SO-1", "realized"),
        ("SO-2", "cancelled"),
        ("SO-3", "unrealized"),
    ]


def test_bookings_refuse_unknown_reps_and_orders_already_stored(
    reps_store: Store, tmp_path: Path
) -> None:
    first = ingest_file(
        reps_store,
        "bookings",
        write(tmp_path, "b1.csv", "order_id,rep,booked_date,amount\nSO-1,S01,2026-01-07,5\n"),
    )
    text = "order_id,rep,booked_date,amount\nSO-1,S01,2026-01-07,5\nSO-2,Zed,2026-01-07,5\nSO-3,zed,2026-01-08,5\n"
    err = refused(reps_store, "bookings", write(tmp_path, "b2.csv", text))
    assert [(e.row, e.column) for e in err.errors] == [(2, "order_id"), (3, "rep")]
    assert f"already stored (load {first.load_id})" in err.errors[0].message
    # both spellings of Zed are one unknown rep, reported once at its first row
    assert "load reps first" in err.errors[1].message
    assert "also on 1 other row" in err.errors[1].message


# -- snapshots ----------------------------------------------------------------------------------


def test_unknown_reps_with_a_region_are_derived(reps_store: Store, tmp_path: Path) -> None:
    text = SNAP_HEADER + (
        "2026-01-05,O1,Dana Liu,East,50,100,2026-03-31\n"
        "2026-01-05,O2,dana liu,,50,100,2026-03-31\n"
        "2026-01-05,O3,S01,,50,100,2026-03-31\n"
    )
    report = ingest_file(reps_store, "snapshots", write(tmp_path, "s.csv", text))
    derived = rows(
        reps_store, "SELECT rep, region, source, load_id FROM reps WHERE source = 'derived'"
    )
    assert derived == [("Dana Liu", "East", "derived", report.load_id)]
    assert rows(reps_store, "SELECT opportunity_id, rep FROM snapshots ORDER BY 1") == [
        ("O1", "Dana Liu"),
        ("O2", "Dana Liu"),
        ("O3", "S01"),
    ]
    # later files may name the derived rep
    path = write(tmp_path, "b.csv", "order_id,rep,booked_date,amount\nSO-1,DANA LIU,2026-01-07,5\n")
    ingest_file(reps_store, "bookings", path)
    assert rows(reps_store, "SELECT rep FROM bookings") == [("Dana Liu",)]


def test_unloading_snapshots_keeps_derived_reps_that_other_loads_name(
    reps_store: Store, tmp_path: Path
) -> None:
    text = SNAP_HEADER + (
        "2026-01-05,O1,Dana Liu,East,50,100,2026-03-31\n"
        "2026-01-05,O2,Eli Ma,West,50,100,2026-03-31\n"
    )
    snaps = ingest_file(reps_store, "snapshots", write(tmp_path, "s.csv", text))
    path = write(
        tmp_path,
        "b.csv",
        "order_id,rep,booked_date,amount\nSO-1,Dana Liu,2026-01-07,5\nSO-2,S01,2026-01-08,7\n",
    )
    books = ingest_file(reps_store, "bookings", path)
    unload(reps_store, snaps.load_id)
    # Dana Liu stays (the bookings name her), handed to the bookings load; Eli Ma goes with the
    # snapshots that alone named him.
    derived = rows(
        reps_store, "SELECT rep, region, load_id FROM reps WHERE source = 'derived' ORDER BY 1"
    )
    assert derived == [("Dana Liu", "East", books.load_id)]
    # both bookings still count, each with its rep's region: 5 East + 7 North
    assert rows(
        reps_store, "SELECT rep, region, amount FROM actual_bookings ORDER BY order_id"
    ) == [("Dana Liu", "East", Decimal("5.00")), ("S01", "North", Decimal("7.00"))]
    # removing the bookings load now removes the rep it inherited
    unload(reps_store, books.load_id)
    assert rows(reps_store, "SELECT count(*) FROM reps WHERE source = 'derived'") == [(0,)]


def test_snapshot_date_from_the_upload_or_an_error(reps_store: Store, tmp_path: Path) -> None:
    text = "opportunity_id,rep,stage,amount,close_date\nO1,S01,50,100,2026-03-31\n"
    path = write(tmp_path, "s.csv", text)
    err = refused(reps_store, "snapshots", path)
    assert (err.errors[0].row, err.errors[0].column) == (1, "snapshot_date")
    assert "--snapshot-date" in err.errors[0].message
    report = ingest_file(reps_store, "snapshots", path, snapshot_date=date(2026, 1, 12))
    assert report.snapshot_dates == (date(2026, 1, 12),)


def test_replacing_a_snapshot_date(reps_store: Store, tmp_path: Path) -> None:
    first = ingest_file(
        reps_store,
        "snapshots",
        write(
            tmp_path,
            "s1.csv",
            SNAP_HEADER
            + "2026-01-05,O1,S01,,50,100,2026-03-31\n2026-01-12,O1,S01,,60,100,2026-03-31\n",
        ),
    )
    path = write(tmp_path, "s2.csv", SNAP_HEADER + "2026-01-05,O9,S02,,10,7,2026-03-31\n")
    with pytest.raises(SnapshotExistsError) as info:
        ingest_file(reps_store, "snapshots", path)
    assert info.value.existing_dates == (date(2026, 1, 5),)
    report = ingest_file(reps_store, "snapshots", path, replace=True)
    assert f"replaced snapshot 2026-01-05 (1 rows of load {first.load_id})" in report.notes
    got = rows(
        reps_store, "SELECT snapshot_date, opportunity_id, load_id FROM snapshots ORDER BY 1"
    )
    assert got == [
        (date(2026, 1, 5), "O9", report.load_id),
        (date(2026, 1, 12), "O1", first.load_id),
    ]
    # the first load keeps its other date; the log says how many rows it still holds
    record = get_load(reps_store, first.load_id)
    assert record is not None and record.rows == 1
    assert f"rows replaced by load {report.load_id}" in (record.notes or "")


def test_duplicate_deals_name_both_rows(reps_store: Store, tmp_path: Path) -> None:
    text = SNAP_HEADER + (
        "2026-01-05,O1,S01,,50,100,2026-03-31\n"
        "2026-01-05,O1,S01,,60,100,2026-03-31\n"
        "2026-01-12,O1,S01,,60,100,2026-03-31\n"
    )
    err = refused(reps_store, "snapshots", write(tmp_path, "s.csv", text))
    assert [(e.row, e.column) for e in err.errors] == [(3, "opportunity_id")]
    assert "rows 2 and 3" in err.errors[0].message


EXACT_DUPLICATES = {
    "snapshots": SNAP_HEADER + "2026-01-05,O1,S01,,50,100,2026-03-31\n",
    "bookings": "order_id,rep,booked_date,amount\nSO-1,S01,2026-01-07,5\n",
    "targets": "scope_type,scope,month,target\nrep,S01,2026-01,5\n",
    "calls": "rep,week_start,submitted_at,commit\nS01,2026-01-05,2026-01-04 18:00,5\n",
    "forecasts": "rep,review_month,submitted_at,month,forecast\nS01,2026-01,2026-01-05 08:00,2026-01,5\n",
    "reps": "rep,region\nS09,North\n",
}


@pytest.mark.parametrize("table", sorted(EXACT_DUPLICATES))
def test_exact_duplicate_rows_are_refused_in_every_table(
    reps_store: Store, tmp_path: Path, table: str
) -> None:
    text = EXACT_DUPLICATES[table]
    header, row = text.splitlines()
    path = write(tmp_path, "d.csv", f"{header}\n{row}\n{row}\n")
    err = refused(reps_store, table, path)
    assert [e.row for e in err.errors] == [3]
    assert "exact duplicate of row 2" in err.errors[0].message


def test_every_bad_row_is_counted_and_the_first_fifty_shown(
    reps_store: Store, tmp_path: Path
) -> None:
    body = "".join(f"SO-{i},S01,2026-01-07,x{i}\n" for i in range(120))
    err = refused(
        reps_store, "bookings", write(tmp_path, "b.csv", "order_id,rep,booked_date,amount\n" + body)
    )
    assert err.total_errors == 120
    assert len(err.errors) == 50
    assert [e.row for e in err.errors[:2]] == [2, 3]
    assert "… and 70 more problem(s) not shown." in str(err)


def test_a_duckdb_failure_is_a_load_error(
    reps_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(cur: duckdb.DuckDBPyConnection) -> None:
        raise duckdb.IOException("IO Error: disk on fire")

    monkeypatch.setattr("analytics.ingest.load.install_macros", broken)
    err = refused(reps_store, "bookings", write(tmp_path, "b.csv", EXACT_DUPLICATES["bookings"]))
    assert "disk on fire" in str(err)


# -- report and preview -------------------------------------------------------------------------


def test_the_load_is_logged_with_hash_rows_and_notes(reps_store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "upload-x1.csv", "scope_type,scope,month,target\nrep,S01,2026-01,5\n")
    report = ingest_file(reps_store, "targets", path, file_name="targets 2026.csv")
    log = list_loads(reps_store).set_index("load_id").loc[report.load_id]
    assert log["file_name"] == "targets 2026.csv"
    assert log["rows"] == 1
    import hashlib

    assert log["content_hash"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert "stretch_target not given" in log["notes"]
    text = report.describe()
    assert text.startswith(
        f"loaded 1 row into targets from targets 2026.csv (load {report.load_id})"
    )


def test_preview_shows_mapping_and_first_rows(store: Store, tmp_path: Path) -> None:
    lines = ['"Opportunity Owner";"Stage";"Amount";"Close Date";"Opportunity ID";"Lead Source"']
    lines += [
        f'"Ann Lee";"Prospecting";"${i},000";"1/{i}/2026";"00{i}";"Web"' for i in range(1, 26)
    ]
    path = tmp_path / "p.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    preview = preview_file(store, "snapshots", path)
    assert preview.encoding == "UTF-8"  # ASCII only: readable as UTF-8
    assert preview.delimiter == ";"
    assert preview.mapping == {
        "opportunity_id": "Opportunity ID",
        "rep": "Opportunity Owner",
        "stage": "Stage",
        "amount": "Amount",
        "close_date": "Close Date",
    }
    assert preview.unmapped == ["Lead Source"]
    assert preview.missing == ["snapshot_date"]
    assert preview.needs_snapshot_date
    assert preview.total_rows == 25
    assert len(preview.rows) == 20
    assert list(preview.rows.columns) == [
        "row",
        "opportunity_id",
        "rep",
        "stage",
        "amount",
        "close_date",
    ]
    assert preview.rows.iloc[0].tolist() == [
        2,
        "001",
        "Ann Lee",
        "Prospecting",
        "$1,000",
        "1/1/2026",
    ]
    assert store.table_counts()["loads"] == 0


def test_preview_refuses_unreadable_files(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b'rep,region\nS01,North\nS02,"East\n')
    with pytest.raises(LoadError) as info:
        preview_file(store, "reps", path)
    assert info.value.errors[0].row == 3
