"""docs/loading.md lists every accepted header of every table (a doc that can drift is tested)."""

from __future__ import annotations

import re

import pytest

from analytics.ingest.columns import TABLES, normalize_header
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "loading.md").read_text(encoding="utf-8")


def _section(table: str) -> str:
    match = re.search(rf"^### {table}\n(.*?)(?=^##)", DOC, flags=re.S | re.M)
    assert match, f"docs/loading.md has no section '### {table}'"
    return match.group(1)


@pytest.mark.parametrize("table", list(TABLES))
def test_every_accepted_header_is_documented(table: str) -> None:
    rows = {}
    for line in _section(table).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = {normalize_header(a) for a in cells[1].split(", ")}
    spec = TABLES[table]
    assert set(rows) == {c.label for c in spec.columns}
    for col in spec.columns:
        documented = rows[col.label] | {normalize_header(col.label)}
        missing = {normalize_header(a) for a in col.accepted()} - documented
        assert not missing, f"{table}.{col.label}: not in docs/loading.md: {sorted(missing)}"
        extra = documented - {normalize_header(a) for a in col.accepted()}
        assert not extra, f"{table}.{col.label}: documented but not accepted: {sorted(extra)}"
