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


def test_a_closed_output_pipe_after_a_load_is_success_without_a_traceback(tmp_path: Path) -> None:
    """`forecast-desk ingest … | true`: the load committed, so the exit status is 0 (a script
    that retried on failure would hit "already stored"), and no traceback is printed."""
    import shlex
    import subprocess
    import sys

    db = tmp_path / "forecast.duckdb"
    reps = ROOT / "data" / "samples" / "reps.csv"
    command = (
        f"{shlex.quote(sys.executable)} -m analytics --db {shlex.quote(str(db))} ingest reps "
        f"{shlex.quote(str(reps))} | true; echo status=${{PIPESTATUS[0]}}"
    )
    result = subprocess.run(
        ["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert "status=0" in result.stdout
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
    listed = run_cli("loads", db=db)
    assert "reps.csv" in listed.stdout  # the load is in the store


def test_printed_numbers_have_no_binary_float_tails(capsys) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd

    from analytics.cli import _print_frame

    frame = pd.DataFrame({"metric": ["M9"], "value": [0.1 + 0.2], "amount": [519609.5999999982]})
    _print_frame(frame, "csv")
    assert capsys.readouterr().out.splitlines()[1] == "M9,0.3,519609.6"
    _print_frame(frame, "json")
    assert '"amount": 519609.6' in capsys.readouterr().out
