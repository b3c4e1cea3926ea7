"""The roll-up: manager/region/company calls from files and from the page, append-only, locked
after the deadline; the roll-up table's sums and gaps; the commit diff; the v2 -> v3 migration."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from analytics import rollup
from analytics.errors import LoadError, UsageError
from analytics.ingest import ingest_file
from analytics.store import SCHEMA_VERSION, Store
from tests.analytics.fixtures import (
    add_calls,
    add_reps,
    add_scope_calls,
    add_snapshots,
    at,
    make_store,
    set_managers,
)
from tests.conftest import PINNED_NOW, ROOT


@pytest.fixture(autouse=True)
def _pinned_moment(clock: Callable[[str], datetime]) -> None:
    """The answers below are worked out for the pinned moment, whatever FORECAST_DESK_TEST_NOW says."""
    clock(PINNED_NOW)


SAMPLES = ROOT / "data" / "samples"
W, NEXT = date(2026, 11, 23), date(2026, 11, 30)  # the clock: Friday 2026-11-27 12:00


@pytest.fixture
def org() -> Iterator[Store]:
    """North: Ann (a1, a2), Bob (b1); East: Cy (e1). Rep calls for the week of 11-23."""
    store = make_store()
    add_reps(store, [("a1", "North"), ("a2", "North"), ("b1", "North"), ("e1", "East")])
    set_managers(store, {"a1": "Ann", "a2": "Ann", "b1": "Bob", "e1": "Cy"})
    add_calls(
        store,
        [
            ("a1", W, at("2026-11-22 20:00"), 100),
            ("a2", W, at("2026-11-22 20:00"), 50),
            ("e1", W, at("2026-11-22 20:00"), 70),
            ("a1", NEXT, at("2026-11-27 10:00"), 120),
        ],
    )
    add_scope_calls(
        store,
        [
            ("manager", "Ann", W, at("2026-11-23 08:00"), 140, "Ann", "a2 may slip"),
            ("manager", "Ann", W, at("2026-11-23 08:30"), 135, "Ann", "a2 slips more"),
            ("region", "North", W, at("2026-11-23 08:50"), 130, "Ann", "haircut"),
        ],
    )
    yield store
    store.close()


def _row(frame: object, level: str, scope: str) -> dict[str, object]:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    hit = frame[(frame["level"] == level) & (frame["scope"] == scope)]
    assert len(hit) == 1
    return dict(hit.iloc[0])


def test_rollup_table_sums_and_gaps(org: Store) -> None:
    frame = rollup.rollup_frame(org, W)
    # Tree order: company, region East, Cy, e1, region North, Ann, a1, a2, Bob, b1.
    assert list(frame["scope"]) == [
        "company", "East", "Cy", "e1", "North", "Ann", "a1", "a2", "Bob", "b1",
    ]  # fmt: skip
    ann = _row(frame, "manager", "Ann")
    # Ann's sum below = 100 + 50; her latest on-time call 135 (the 140 was replaced): gap -15.
    assert (ann["sum_below"], ann["call"], ann["gap"], ann["submissions"]) == (150, 135, -15, 2)
    bob = _row(frame, "manager", "Bob")
    # b1 gave no call (adds 0) and Bob none: he passes 0 up; one rep missing below him.
    assert bob["sum_below"] == 0 and bob["missing_below"] == 1 and bob["number"] == 0
    north = _row(frame, "region", "North")
    assert (north["sum_below"], north["call"], north["gap"]) == (135, 130, -5)  # 135 + 0
    company = _row(frame, "company", "company")
    # No company call: its number is the regions' 130 + 70 (Cy passes e1's 70 up).
    assert company["sum_below"] == 200 and company["number"] == 200
    assert company["missing_below"] == 1  # East gave no call


def test_submissions_are_appended_and_locked_after_the_deadline(org: Store) -> None:
    before = org.table_counts()["calls"]
    # The week of 11-23 was locked on Monday 09:00: a change is refused, nothing is stored.
    with pytest.raises(rollup.CallLockedError, match="locked at Monday 2026-11-23 09:00"):
        rollup.submit_call(org, "manager", "Ann", W, amount=150, reason="x", submitted_by="Ann")
    assert org.table_counts()["calls"] == before
    # Recorded as a late correction it is kept, flagged, and the on-time 135 still counts.
    late = rollup.submit_call(
        org, "manager", "Ann", W, amount=150, reason="a2 booked after all",
        submitted_by="Ann", late_correction=True,
    )  # fmt: skip
    assert late.late_correction
    history = rollup.call_history(org, "manager", "Ann", W)
    assert list(history["commit_amount"]) == [150, 135, 140]  # newest first, nothing replaced
    assert list(history["counts"]) == [False, True, False]
    assert list(history["late_correction"]) == [True, False, False]
    # Next week is open: an adjustment of -20 to the sum below (a1's 120) is stored as 100.
    sub = rollup.submit_call(
        org, "manager", "Ann", NEXT, adjustment=-20, reason="haircut", submitted_by="Ann"
    )
    assert (sub.sum_below, sub.commit_amount, sub.late_correction) == (120, 100, False)
    again = rollup.submit_call(
        org, "manager", "Ann", NEXT, amount=110, reason="a1 firmer", submitted_by="Ann"
    )
    assert again.load_id > sub.load_id
    assert _row(rollup.rollup_frame(org, NEXT), "manager", "Ann")["call"] == 110
    assert org.table_counts()["calls"] == before + 3


def test_the_lock_follows_the_settings_and_the_clock(
    org: Store, clock: Callable[[str], datetime]
) -> None:
    assert rollup.entry_week(org) == NEXT  # Friday: this week's call is locked, next is open
    clock("2026-11-30T08:59")
    assert not rollup.lock_state(org, NEXT).locked
    assert rollup.entry_week(org) == NEXT
    clock("2026-11-30T09:01")
    assert rollup.lock_state(org, NEXT).locked
    assert rollup.entry_week(org) == date(2026, 12, 7)
    tuesday = make_store(call_deadline_weekday=1, call_deadline_hour=12)
    # Due "Tuesday 12:00": the latest Tuesday on or before the week's Monday (M14's rule).
    assert rollup.lock_state(tuesday, NEXT).deadline == datetime(2026, 11, 24, 12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"amount": 10, "reason": "  "}, "a reason is required"),
        ({"amount": 10, "adjustment": 1, "reason": "r"}, "as an amount or as an adjustment"),
        ({"adjustment": -500, "reason": "r"}, "cannot be negative"),
    ],
)
def test_bad_submissions_are_refused(org: Store, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        rollup.submit_call(org, "manager", "Ann", NEXT, submitted_by="Ann", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="not a manager"):
        rollup.submit_call(org, "manager", "Zed", NEXT, amount=1, reason="r", submitted_by="Z")


def test_commit_diff_against_last_week(org: Store) -> None:
    add_snapshots(
        org,
        [
            ("2026-11-16", "k1", "a1", 90, 100, "2026-11-25", "commit"),
            ("2026-11-16", "k2", "a2", 90, 200, "2026-11-25", "commit"),
            ("2026-11-16", "k3", "a2", 90, 300, "2026-11-25", "commit"),
            ("2026-11-23", "k1", "a1", 90, 100, "2026-11-25", "commit"),  # unchanged: not listed
            ("2026-11-23", "k2", "a2", 90, 250, "2026-11-25", "commit"),  # amount 200 -> 250
            ("2026-11-23", "k4", "a1", 90, 80, "2026-11-26", "commit"),  # added
            ("2026-11-23", "k5", "e1", 90, 999, "2026-11-26", "commit"),  # Cy's rep: not Ann's
        ],
    )
    diff = rollup.commit_diff(org, "manager", "Ann", W)
    got = {r.opportunity_id: (r.change, r.difference) for r in diff.itertuples()}
    assert got == {"k2": ("amount_changed", 50), "k3": ("removed", -300), "k4": ("added", 80)}


def test_level_files_load_and_old_files_load_unchanged(store: Store) -> None:
    ingest_file(store, "reps", SAMPLES / "reps.csv")
    old = ingest_file(store, "calls", SAMPLES / "calls.csv")
    assert old.rows == 12
    levels = ingest_file(store, "calls", SAMPLES / "calls_rollup.csv")
    assert levels.rows == 11
    cur = store.cursor()
    # The old file's rows are rep calls (scope = rep); only they are in calls_current.
    assert cur.execute("SELECT count(*) FROM calls_current").fetchone() == (12,)
    assert cur.execute(
        "SELECT count(*) FROM calls WHERE scope_type = 'rep' AND scope = rep"
    ).fetchone() == (12,)
    mia = rollup.call_history(store, "manager", "Mia Chen", date(2026, 11, 16))
    assert list(mia["commit_amount"]) == [250000, 260000]
    # Loading the same level file again appends (submissions are never replaced).
    ingest_file(store, "calls", SAMPLES / "calls_rollup.csv")
    assert cur.execute("SELECT count(*) FROM calls WHERE scope_type <> 'rep'").fetchone() == (22,)


def test_bad_level_rows_are_refused_whole(store: Store, tmp_path: Path) -> None:
    ingest_file(store, "reps", SAMPLES / "reps.csv")
    bad = tmp_path / "levels.csv"
    bad.write_text(
        "scope_type,scope,week_start,submitted_at,commit,note\n"
        "manager,Mia Chen,2026-11-09,2026-11-09 08:00,100,ok\n"
        "boss,Mia Chen,2026-11-09,2026-11-09 08:00,100,x\n"
        "manager,Nobody,2026-11-09,2026-11-09 08:00,100,x\n"
        "region,,2026-11-09,2026-11-09 08:00,100,x\n",
        encoding="utf-8",
    )
    before = store.table_counts()
    with pytest.raises(LoadError) as refused:
        ingest_file(store, "calls", bad)
    text = str(refused.value)
    assert "row 3, column 'scope_type': value 'boss': is not a level" in text
    assert "row 4, column 'scope': value 'Nobody': is not a manager in the reps table" in text
    assert "row 5, column 'scope': is empty" in text
    assert store.table_counts() == before


def test_migrates_a_version_2_file(db_path: Path) -> None:
    con = duckdb.connect(str(db_path))
    con.execute((ROOT / "tests" / "data" / "schema_v2_calls.sql").read_text())
    con.close()
    with Store(db_path) as s:
        assert s.schema_version() == SCHEMA_VERSION >= 3
        rows = (
            s.cursor()
            .execute("SELECT rep, scope_type, scope, late_correction FROM calls")
            .fetchall()
        )
        assert rows == [("r1", "rep", "r1", False)]
        assert s.cursor().execute("SELECT scope_type, scope FROM forecasts").fetchall() == [
            ("rep", "r1")
        ]
        assert s.cursor().execute("SELECT count(*) FROM calls_current").fetchone() == (1,)
