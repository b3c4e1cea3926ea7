"""`check_file`: every check of a load without loading (the Data page's preview runs it).

A file that would load gives the number of rows it would load; a file that would be refused
raises the same LoadError a load raises; a stored snapshot date raises SnapshotExistsError with
the number of stored rows a replace drops. The store is unchanged in every case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.errors import LoadError, SnapshotExistsError
from analytics.ingest import check_file, ingest_file
from analytics.loadlog import list_loads
from analytics.store import Store

HEADER = "snapshot_date,opportunity_id,rep,stage,amount,close_date,forecast_category\n"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """Two reps and the snapshot of 2026-01-05 with three deals."""
    reps = tmp_path / "reps.csv"
    reps.write_text("rep,name,region\nS01,Ann Lee,North\nS02,Bo Wang,East\n", encoding="utf-8")
    snap = tmp_path / "snap.csv"
    snap.write_text(
        HEADER
        + "2026-01-05,O1,S01,60,100,2026-03-31,pipeline\n"
        + "2026-01-05,O2,S01,25,200,2026-03-31,pipeline\n"
        + "2026-01-05,O3,S02,90,300,2026-02-27,commit\n",
        encoding="utf-8",
    )
    opened = Store(tmp_path / "forecast.duckdb")
    ingest_file(opened, "reps", reps)
    ingest_file(opened, "snapshots", snap)
    return opened


def _state(store: Store) -> tuple[dict[str, int], int]:
    return store.table_counts(), len(list_loads(store))


def test_a_good_file_is_counted_and_not_loaded(store: Store, tmp_path: Path) -> None:
    before = _state(store)
    new = tmp_path / "new.csv"
    new.write_text(
        HEADER
        + "2026-01-12,O1,S01,60,100,2026-03-31,pipeline\n"
        + "2026-01-12,O4,S02,50,80,2026-04-30,upside\n",
        encoding="utf-8",
    )
    rows, _notes = check_file(store, "snapshots", new)
    assert rows == 2
    assert _state(store) == before


def test_a_bad_file_raises_the_loads_refusal_and_changes_nothing(
    store: Store, tmp_path: Path
) -> None:
    before = _state(store)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "2026-01-12,O1,S01,sixty,100,2026-03-31,pipeline\n", encoding="utf-8")
    with pytest.raises(LoadError) as refused:
        check_file(store, "snapshots", bad)
    problem = refused.value.errors[0]
    assert (problem.row, problem.column, problem.value) == (2, "stage", "sixty")
    assert _state(store) == before


def test_a_stored_date_says_how_many_stored_rows_a_replace_drops(
    store: Store, tmp_path: Path
) -> None:
    before = _state(store)
    again = tmp_path / "again.csv"
    again.write_text(HEADER + "2026-01-05,O1,S01,70,150,2026-03-31,upside\n", encoding="utf-8")
    with pytest.raises(SnapshotExistsError) as exists:
        check_file(store, "snapshots", again)
    # the store holds O1, O2 and O3 on 2026-01-05: a replace drops those 3 rows
    assert exists.value.existing_rows == 3
    assert [d.isoformat() for d in exists.value.existing_dates] == ["2026-01-05"]
    assert _state(store) == before
