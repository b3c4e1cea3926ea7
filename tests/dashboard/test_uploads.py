"""Temporary uploads are deleted after the load or the refusal, and stale ones are swept."""

from __future__ import annotations

import os
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pytest

from analytics.store import Store
from dashboard.uploads import discard_upload, load_upload, save_upload, sweep_stale, upload_root
from tests.analytics.fixtures import add_reps

SNAPSHOT = (
    "snapshot_date,opportunity_id,rep,region,stage,amount,close_date\n"
    "2026-11-02,O1,S01,North,50,100,2026-12-31\n"
)


@pytest.fixture(autouse=True)
def own_temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Uploads go below this test's folder, never the machine's shared temp folder."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


@pytest.fixture
def reps_store(store: Store) -> Store:
    add_reps(store, [("S01", "North")])
    return store


def test_save_upload_keeps_a_safe_name(own_temp_folder: Path) -> None:
    path = save_upload("../../etc/pass wd.csv", b"a,b\n")
    assert path.name == "pass_wd.csv" and path.read_bytes() == b"a,b\n"
    assert path.parent.parent == own_temp_folder / "forecast-desk-uploads"


def test_a_loaded_file_is_deleted(reps_store: Store) -> None:
    path = save_upload("snap.csv", SNAPSHOT.encode())
    outcome = load_upload(reps_store, "snapshots", path, file_name="snap.csv", rejects=True)
    assert outcome.status == "loaded" and outcome.rows == 1
    assert not path.parent.exists() and list(upload_root().iterdir()) == []


def test_a_refused_file_is_deleted(reps_store: Store) -> None:
    path = save_upload("bad.csv", SNAPSHOT.replace(",100,", ",lots,").encode())
    outcome = load_upload(reps_store, "snapshots", path, file_name="bad.csv")
    assert outcome.status == "refused"
    assert not path.parent.exists()


def test_a_file_waiting_for_replace_stays_until_answered(reps_store: Store) -> None:
    first = save_upload("snap.csv", SNAPSHOT.encode())
    assert load_upload(reps_store, "snapshots", first, file_name="snap.csv").status == "loaded"
    again = save_upload("snap2.csv", SNAPSHOT.replace(",100,", ",120,").encode())
    asked = load_upload(reps_store, "snapshots", again, file_name="snap2.csv")
    assert asked.status == "needs_replace" and again.exists()
    done = load_upload(reps_store, "snapshots", again, file_name="snap2.csv", replace=True)
    assert done.status == "loaded" and not again.parent.exists()


def test_stale_uploads_are_swept_and_fresh_ones_kept() -> None:
    old = save_upload("old.csv", b"a\n1\n")
    fresh = save_upload("fresh.csv", b"a\n2\n")
    day_ago = time.time() - 25 * 3600  # older than STALE_AFTER (24 h)
    os.utime(old.parent, (day_ago, day_ago))
    assert sweep_stale() == 1
    assert not old.parent.exists() and fresh.exists()
    # a new upload sweeps too; one hour old is not stale
    hour_ago = time.time() - 3600
    os.utime(fresh.parent, (hour_ago, hour_ago))
    save_upload("other.csv", b"a\n3\n")
    assert fresh.exists()
    assert sweep_stale(max_age=timedelta(minutes=30)) == 1 and not fresh.exists()


def test_saving_again_marks_an_upload_fresh() -> None:
    path = save_upload("x.csv", b"a\n1\n")
    day_ago = time.time() - 25 * 3600
    os.utime(path.parent, (day_ago, day_ago))
    assert save_upload("x.csv", b"a\n1\n") == path  # the same content: the same file
    assert sweep_stale() == 0 and path.exists()


def test_discard_never_touches_files_outside_the_upload_folder(tmp_path: Path) -> None:
    outside = tmp_path / "keep" / "data.csv"
    outside.parent.mkdir()
    outside.write_text("a\n")
    discard_upload(outside)
    assert outside.exists()
