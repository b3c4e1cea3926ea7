"""The command line as a user runs it: output formats of the commands that are not metrics."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT, run_cli


def test_loads_lists_every_load_in_columns(tmp_path: Path) -> None:
    db = tmp_path / "l.duckdb"
    assert run_cli("loads", db=db).stdout == "no loads\n"
    assert (
        run_cli("ingest", "reps", str(ROOT / "data" / "samples" / "reps.csv"), db=db).returncode
        == 0
    )
    out = run_cli("loads", db=db).stdout.splitlines()
    assert out[0].split() == ["id", "table", "file", "rows", "loaded", "at", "snapshot", "notes"]
    assert out[1].split()[:4] == ["1", "reps", "reps.csv", "6"]
