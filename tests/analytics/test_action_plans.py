"""The monthly action plan: list, save, replace and delete a note per rep and month."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pandas as pd
import pytest

from analytics.action_plans import (
    MAX_NOTE_CHARS,
    list_action_plans,
    month_start,
    save_action_plan,
)
from analytics.errors import UsageError
from analytics.store import Store
from tests.analytics.fixtures import add_reps, make_store

NOON = datetime(2026, 3, 2, 12, 0, 0)


@pytest.fixture
def reps() -> Iterator[Store]:
    """n1, n2 in North; s1 in South; s2 in South, left the company at the end of January."""
    store = make_store()
    add_reps(
        store,
        [
            ("n1", "North"),
            ("n2", "North"),
            ("s1", "South"),
            ("s2", "South", "2025-01-01", "2026-01-31"),
        ],
    )
    yield store
    store.close()


def notes(frame: pd.DataFrame) -> dict[str, object]:
    """rep -> note (None where the rep has no plan yet)."""
    return {
        str(rep): (None if pd.isna(note) else note)
        for rep, note in zip(frame["rep"], frame["note"], strict=True)
    }


def stored_rows(store: Store) -> list[tuple[object, ...]]:
    cur = store.cursor()
    try:
        return cur.execute(
            "SELECT rep, month, note FROM action_plans ORDER BY rep, month"
        ).fetchall()
    finally:
        cur.close()


def test_an_empty_month_lists_every_active_rep_without_a_note(reps: Store) -> None:
    frame = list_action_plans(reps, "2026-03")
    # s2 left on 2026-01-31, so March lists n1, n2 (North) then s1 (South).
    assert list(frame.columns) == ["rep", "rep_name", "region", "month", "note", "updated_at"]
    assert frame["rep"].tolist() == ["n1", "n2", "s1"]
    assert frame["region"].tolist() == ["North", "North", "South"]
    assert frame["rep_name"].tolist() == ["Name of n1", "Name of n2", "Name of s1"]
    assert notes(frame) == {"n1": None, "n2": None, "s1": None}
    # In January s2 was still active.
    assert list_action_plans(reps, "2026-01")["rep"].tolist() == ["n1", "n2", "s1", "s2"]


def test_a_saved_note_is_listed_with_its_time(reps: Store) -> None:
    save_action_plan(reps, "n2", "2026-03", "  Close the Acme deal; two new demos.  ", now=NOON)
    frame = list_action_plans(reps, "2026-03")
    assert notes(frame) == {"n1": None, "n2": "Close the Acme deal; two new demos.", "s1": None}
    row = frame[frame["rep"] == "n2"].iloc[0]
    assert pd.Timestamp(row["updated_at"]) == pd.Timestamp(NOON)
    assert pd.Timestamp(row["month"]).date() == date(2026, 3, 1)


def test_saving_again_replaces_the_note_and_other_months_stay_apart(reps: Store) -> None:
    save_action_plan(reps, "n1", "2026-03", "first", now=NOON)
    save_action_plan(reps, "n1", date(2026, 3, 17), "second", now=NOON)  # any day of March
    save_action_plan(reps, "n1", "2026-04", "april plan", now=NOON)
    assert stored_rows(reps) == [
        ("n1", date(2026, 3, 1), "second"),
        ("n1", date(2026, 4, 1), "april plan"),
    ]
    assert notes(list_action_plans(reps, "2026-03"))["n1"] == "second"
    assert notes(list_action_plans(reps, "2026-04"))["n1"] == "april plan"
    assert notes(list_action_plans(reps, "2026-05"))["n1"] is None


@pytest.mark.parametrize("empty", ["", "   \n  ", None])
def test_an_empty_note_deletes_the_plan(reps: Store, empty: str | None) -> None:
    save_action_plan(reps, "s1", "2026-03", "keep calling", now=NOON)
    save_action_plan(reps, "s1", "2026-04", "other month", now=NOON)
    save_action_plan(reps, "s1", "2026-03", empty)
    assert stored_rows(reps) == [("s1", date(2026, 4, 1), "other month")]
    # Deleting a plan that does not exist is not an error.
    save_action_plan(reps, "n1", "2026-03", "")
    assert len(stored_rows(reps)) == 1


def test_filters_by_region_and_rep(reps: Store) -> None:
    save_action_plan(reps, "n1", "2026-03", "north note", now=NOON)
    save_action_plan(reps, "s1", "2026-03", "south note", now=NOON)
    south = list_action_plans(reps, "2026-03", regions=["South"])
    assert notes(south) == {"s1": "south note"}
    one = list_action_plans(reps, "2026-03", reps=["n1"])
    assert notes(one) == {"n1": "north note"}
    none = list_action_plans(reps, "2026-03", regions=["North"], reps=["s1"])
    assert none.empty


def test_a_rep_who_left_keeps_the_note_of_a_month_after_leaving(reps: Store) -> None:
    # s2 left at the end of January; a March note (e.g. a hand-over plan) still shows in March.
    save_action_plan(reps, "s2", "2026-03", "hand over accounts to s1", now=NOON)
    assert list_action_plans(reps, "2026-03")["rep"].tolist() == ["n1", "n2", "s1", "s2"]


def test_text_is_stored_verbatim_as_a_bound_value(reps: Store) -> None:
    text = "Don't drop it'); DELETE FROM reps; -- 客户 承诺 ✓"
    save_action_plan(reps, "n1", "2026-03", text, now=NOON)
    assert notes(list_action_plans(reps, "2026-03"))["n1"] == text
    assert len(list_action_plans(reps, "2026-03")) == 3  # reps untouched


def test_an_unknown_rep_is_refused_and_nothing_is_stored(reps: Store) -> None:
    with pytest.raises(UsageError, match="Unknown rep 'x9'"):
        save_action_plan(reps, "x9", "2026-03", "note")
    with pytest.raises(UsageError, match="needs a rep"):
        save_action_plan(reps, "  ", "2026-03", "note")
    assert stored_rows(reps) == []


def test_a_note_too_long_is_refused(reps: Store) -> None:
    save_action_plan(reps, "n1", "2026-03", "x" * MAX_NOTE_CHARS, now=NOON)  # the limit itself
    with pytest.raises(UsageError, match="characters"):
        save_action_plan(reps, "n1", "2026-03", "y" * (MAX_NOTE_CHARS + 1))
    assert stored_rows(reps) == [("n1", date(2026, 3, 1), "x" * MAX_NOTE_CHARS)]


@pytest.mark.parametrize("bad", ["2026-13", "March", "2026/03", ""])
def test_a_bad_month_is_a_usage_error(reps: Store, bad: str) -> None:
    with pytest.raises(UsageError, match="Invalid month"):
        list_action_plans(reps, bad)
    with pytest.raises(UsageError, match="Invalid month"):
        save_action_plan(reps, "n1", bad, "note")


def test_month_start_accepts_labels_and_dates() -> None:
    assert month_start("2026-03") == date(2026, 3, 1)
    assert month_start("2026-03-31") == date(2026, 3, 1)
    assert month_start(date(2026, 12, 31)) == date(2026, 12, 1)
    assert month_start(datetime(2026, 2, 14, 9, 30)) == date(2026, 2, 1)


def test_an_empty_store_lists_nothing() -> None:
    with make_store() as store:
        assert list_action_plans(store, "2026-03").empty
