"""`forecast-desk backfill` without history: a small Maven-shaped extract, checked by hand.

The extract has the columns of the Maven "CRM Sales Opportunities" sample (opportunity_id,
sales_agent, product, account, deal_stage, engage_date, close_date, close_value) and its stages
(Prospecting, Engaging, Won, Lost); it loads with --map and --stage as a new user would. Every
expected number below is worked out by hand from the rules in docs/loading.md.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from analytics.backfill import rebuilt_range
from analytics.cli import main
from analytics.metrics import MetricQuery, get_metric
from analytics.metrics.waterfall import waterfall
from analytics.store import Store

TEAMS = """sales_agent,manager,regional_office
Moses Frase,Dustin Brinkmann,Central
Darcel Schlecht,Melvin Marxen,East
"""
# D1..D8: what each deal is in the extract (the story of each is in the tests below).
PIPELINE = """opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
D1,Moses Frase,GTX Plus Basic,Cancity,Won,2017-01-02,2017-01-20,1054
D2,Darcel Schlecht,GTXPro,Isdom,Won,2017-01-03,2017-02-10,4514
D3,Darcel Schlecht,MG Special,Cancity,Lost,2017-01-04,2017-01-25,300
D4,Moses Frase,GTX Basic,Codehow,Engaging,2017-01-10,,
D5,Darcel Schlecht,GTX Basic,,Prospecting,,,
D6,Moses Frase,MG Advanced,Hottechi,Won,2017-01-16,2017-02-20,2000
D7,Darcel Schlecht,GTX Plus Pro,Isdom,Engaging,2017-02-01,,
D8,Moses Frase,MG Special,Zumgoity,Lost,2017-01-02,2017-02-14,0
"""
MAVEN_OPTIONS = [
    "--map",
    "sales_agent=rep",
    "--map",
    "close_value=amount",
    "--map",
    "engage_date=created_date",
    "--stage",
    "Engaging=40",
]
TO = "2017-02-26"  # a Sunday: the last snapshot


def _cli(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


@pytest.fixture(scope="module")
def maven(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One backfilled store for the tests that only read it (a refused backfill leaves it as is)."""
    tmp_path = tmp_path_factory.mktemp("maven")
    db = tmp_path / "forecast.duckdb"
    (tmp_path / "sales_teams.csv").write_text(TEAMS, encoding="utf-8")
    (tmp_path / "sales_pipeline.csv").write_text(PIPELINE, encoding="utf-8")
    teams = str(tmp_path / "sales_teams.csv")
    assert (
        _cli(
            db,
            "ingest",
            "reps",
            teams,
            "--map",
            "sales_agent=rep",
            "--map",
            "regional_office=region",
        )
        == 0
    )
    extract = str(tmp_path / "sales_pipeline.csv")
    assert _cli(db, "backfill", extract, "--to", TO, *MAVEN_OPTIONS) == 0
    yield db


def _rows(db: Path, sql: str) -> list[tuple]:
    with Store(db) as store:
        return store.cursor().execute(sql).fetchall()


def test_open_deal_counts_per_weekly_snapshot(maven: Path) -> None:
    # --from defaults to the earliest created date, 2017-01-02 (a Monday): the Sundays from
    # 2017-01-08 to 2017-02-26 are 8 snapshots. Open on each (created <= D, close date after D,
    # or open in the extract):
    #   01-08 D1 D2 D3 D8 = 4          01-15 + D4 (created 01-10) = 5
    #   01-22 D1 won 01-20, D6 created 01-16: D2 D3 D4 D6 D8 = 5
    #   01-29 D3 lost 01-25: D2 D4 D6 D8 = 4    02-05 + D7 (created 02-01) = 5
    #   02-12 D2 won 02-10: D4 D6 D7 D8 = 4     02-19 D8 lost 02-14: D4 D6 D7 = 3
    #   02-26 D6 won 02-20, D5 (no created date) appears in the last snapshot: D4 D5 D7 = 3
    counts = _rows(
        maven,
        "SELECT snapshot_date, count(*) FILTER (WHERE stage > 0 AND stage < 100 AND "
        "forecast_category IN ('commit', 'upside', 'pipeline')), count(*) "
        "FROM snapshots GROUP BY 1 ORDER BY 1",
    )
    assert [(d.isoformat(), n) for d, n, _ in counts] == [
        ("2017-01-08", 4),
        ("2017-01-15", 5),
        ("2017-01-22", 5),
        ("2017-01-29", 4),
        ("2017-02-05", 5),
        ("2017-02-12", 4),
        ("2017-02-19", 3),
        ("2017-02-26", 3),
    ]
    # rows: a closed deal stays (won/lost) on every later snapshot: D1 D2 D3 D8 8 each, D4 7,
    # D5 1, D6 6, D7 4 = 50
    assert sum(total for *_, total in counts) == 50


def test_each_deal_follows_the_rules(maven: Path) -> None:
    rows = _rows(
        maven,
        "SELECT opportunity_id, snapshot_date, rep, stage, amount, close_date, forecast_category "
        "FROM snapshots WHERE opportunity_id IN ('D2', 'D4', 'D5') ORDER BY 1, 2",
    )
    d2 = [r for r in rows if r[0] == "D2"]
    # open at the settings' open stage 25 (pipeline) until its close date 02-10, won after
    assert [(r[3], r[6]) for r in d2] == [(25.0, "pipeline")] * 5 + [(100.0, "won")] * 3
    assert {r[4] for r in d2} == {Decimal("4514.00")} and {r[5] for r in d2} == {date(2017, 2, 10)}
    d4 = [r for r in rows if r[0] == "D4"]
    # Engaging = 40 (--stage); no close date: --to; no close_value: 0
    assert {(r[2], r[3], r[4], r[5], r[6]) for r in d4} == {
        ("Moses Frase", 40.0, Decimal("0.00"), date(2017, 2, 26), "pipeline")
    }
    assert [r[1] for r in rows if r[0] == "D5"] == [date(2017, 2, 26)]
    assert [r[3] for r in rows if r[0] == "D5"] == [10.0]  # Prospecting: a Salesforce stage, 10


def test_bookings_of_won_deals(maven: Path) -> None:
    # D1, D2, D6 won by --to: order id = opportunity id, booked on the close date, won amount
    assert _rows(
        maven,
        "SELECT order_id, opportunity_id, rep, booked_date, amount, status FROM bookings ORDER BY 1",
    ) == [
        ("D1", "D1", "Moses Frase", date(2017, 1, 20), Decimal("1054.00"), "realized"),
        ("D2", "D2", "Darcel Schlecht", date(2017, 2, 10), Decimal("4514.00"), "realized"),
        ("D6", "D6", "Moses Frase", date(2017, 2, 20), Decimal("2000.00"), "realized"),
    ]


def test_waterfall_by_hand(maven: Path) -> None:
    query = MetricQuery(
        s0=date(2017, 1, 15),
        s1=date(2017, 2, 12),
        date_from=date(2017, 1, 1),
        date_to=date(2017, 3, 31),
    )
    with Store(maven) as store:
        w = waterfall(store, query)
    assert dict(w.amounts) == {
        # open at 01-15 closing Jan-Mar: D1 1054 + D2 4514 + D3 300 + D4 0 + D8 0
        "start": Decimal("5868.00"),
        "new": Decimal("2000.00"),  # D6 (created 01-16) 2000 + D7 (created 02-01) 0
        "pulled_in": Decimal("0.00"),  # no close date moves without history
        "increased": Decimal("0.00"),
        "decreased": Decimal("0.00"),
        "pushed_out": Decimal("0.00"),
        "won": Decimal("5568.00"),  # D1 1054 + D2 4514, won by 02-12
        "lost": Decimal("300.00"),  # D3 lost 01-25
        # open at 02-12: D4 0 + D6 2000 + D7 0 + D8 0
        "end": Decimal("2000.00"),
    }
    assert w.reconciles()  # 5868 + 2000 - 5568 - 300 = 2000


def test_calibration_by_hand(maven: Path) -> None:
    # Observations: open rows of deals with an outcome, before it, all at stage 25 (open_stage):
    # D1 won 2 (01-08, 01-15), D2 won 5 (01-08 … 02-05), D3 lost 3 (01-08 … 01-22),
    # D6 won 5 (01-22 … 02-19), D8 lost 6 (01-08 … 02-12): 21 observations, 12 won.
    # By amount: won 2×1054 + 5×4514 + 5×2000 = 34678 of 34678 + 3×300 + 6×0 = 35578.
    # Brier: (12 × 0.75² + 9 × 0.25²) / 21 = (6.75 + 0.5625) / 21 = 0.348214…
    with Store(maven) as store:
        frame = get_metric("M15").compute(store, MetricQuery()).set_index("stage")
    assert frame.loc["25", "observations"] == 21
    assert frame.loc["25", "won"] == 12
    assert frame.loc["25", "win_rate"] == pytest.approx(12 / 21)
    assert frame.loc["25", "win_rate_amount"] == pytest.approx(34678 / 35578)
    assert frame.loc["brier", "win_rate"] == pytest.approx(7.3125 / 21)
    assert frame["observations"].drop(["25", "brier"]).sum() == 0


def test_load_is_flagged_and_unload_removes_it_whole(maven: Path, tmp_path: Path) -> None:
    own = tmp_path / "own.duckdb"
    shutil.copy(maven, own)
    maven = own
    with Store(maven) as store:
        assert rebuilt_range(store) == (date(2017, 1, 8), date(2017, 2, 26))
        loads = store.df("loads/list")
    backfill = loads[loads["table_name"] == "backfill"].iloc[0]
    assert backfill["rows"] == 50 + 3  # snapshot rows + bookings
    assert "slips and amount changes before the extract cannot be seen" in backfill["notes"]
    assert _cli(maven, "unload", str(backfill["load_id"])) == 0
    with Store(maven) as store:
        counts = store.table_counts()
        assert rebuilt_range(store) is None
    assert (counts["snapshots"], counts["bookings"], counts["reps"], counts["loads"]) == (
        0,
        0,
        2,
        1,
    )


def test_a_stored_week_refuses_the_backfill(
    maven: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _rows(maven, "SELECT count(*) FROM snapshots")
    extract = str(maven.parent / "sales_pipeline.csv")
    assert _cli(maven, "backfill", extract, "--to", TO, *MAVEN_OPTIONS) == 1
    err = capsys.readouterr().err
    assert "already holds snapshots of 2017-01-08" in err and "unload" in err
    assert _rows(maven, "SELECT count(*) FROM snapshots") == before


BAD = """opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
B1,Moses Frase,GTX Basic,Cancity,Won,2017-01-02,2017-01-20,
B2,Moses Frase,GTX Basic,Cancity,Lost,2017-01-02,,0
B3,Moses Frase,GTX Basic,Cancity,Negotiating,2017-01-02,,
B4,Moses Frase,GTX Basic,Cancity,Engaging,2017-01-02,,
"""


def test_bad_rows_refuse_the_whole_extract_with_row_column_and_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "forecast.duckdb"
    (tmp_path / "teams.csv").write_text(TEAMS, encoding="utf-8")
    (tmp_path / "bad.csv").write_text(BAD, encoding="utf-8")
    _cli(
        db,
        "ingest",
        "reps",
        str(tmp_path / "teams.csv"),
        "--map",
        "sales_agent=rep",
        "--map",
        "regional_office=region",
    )
    capsys.readouterr()
    assert _cli(db, "backfill", str(tmp_path / "bad.csv"), "--to", TO, *MAVEN_OPTIONS) == 1
    err = capsys.readouterr().err
    assert "bad.csv" in err
    assert "row 2" in err and "close_value" in err and "won deal" in err  # won without amount
    assert "row 3" in err and "close_date" in err and "lost deal" in err  # lost without close
    assert "row 4" in err and "'Negotiating'" in err and "--stage" in err
    with Store(db) as store:
        assert store.table_counts()["snapshots"] == 0
    # with --rejects the good row loads and the three others are written out
    rejects = tmp_path / "left-out.csv"
    assert (
        _cli(
            db,
            "backfill",
            str(tmp_path / "bad.csv"),
            "--to",
            TO,
            "--rejects",
            str(rejects),
            *MAVEN_OPTIONS,
        )
        == 0
    )
    left = rejects.read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in left[1:]] == ["B1", "B2", "B3"]
    # B4: created 2017-01-02 (Monday), open: the 8 Sundays 01-08 … 02-26
    assert _rows(db, "SELECT count(*), min(snapshot_date) FROM snapshots") == [
        (8, date(2017, 1, 8))
    ]


def test_preview_tells_the_weeks_and_writes_nothing(tmp_path: Path) -> None:
    from analytics.backfill import BackfillRequest, preview_backfill
    from analytics.ingest import ingest_file

    (tmp_path / "teams.csv").write_text(TEAMS, encoding="utf-8")
    (tmp_path / "pipe.csv").write_text(PIPELINE, encoding="utf-8")
    with Store(":memory:") as store:
        ingest_file(
            store,
            "reps",
            tmp_path / "teams.csv",
            column_map={"sales_agent": "rep", "regional_office": "region"},
        )
        before = store.table_counts()
        report = preview_backfill(
            store,
            BackfillRequest(
                path=tmp_path / "pipe.csv",
                date_to=date(2017, 2, 26),
                column_map={
                    "sales_agent": "rep",
                    "close_value": "amount",
                    "engage_date": "created_date",
                },
                stages={"Engaging": 40},
            ),
        )
        assert store.table_counts() == before
    # the same numbers as the load: 8 weeks, 8 deals, 50 rows, 3 bookings
    assert (report.weeks, report.deals, report.snapshot_rows, report.bookings) == (8, 8, 50, 3)
    assert report.weekly is not None
    assert list(report.weekly["open_deals"]) == [4, 5, 5, 4, 5, 4, 3, 3]


def test_help_states_the_rules_without_history(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["backfill", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for rule in (
        "a deal is in the snapshot of date D when its created date <= D",
        "it is open on D when it has no close date or its close date is after D",
        "a won or lost deal shows as won/lost on every snapshot on or after its close date",
        "slips and amount changes before the extract cannot be seen",
        "--history",
        "--map SOURCE=COLUMN",
        "--rejects FILE",
    ):
        assert rule in out, rule


def test_metric_command_says_what_rebuilt_history_cannot_show(
    maven: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(maven, "metric", "M11", "--as-of", "2017-02-19") == 0
    err = capsys.readouterr().err
    assert "2017-01-08 … 2017-02-26 were rebuilt from one extract" in err
    assert _cli(maven, "metric", "M15") == 0
    assert capsys.readouterr().err == ""  # calibration needs no slips
