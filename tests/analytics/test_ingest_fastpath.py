"""The loading fast path (analytics/ingest/fastpath.py): clean columns typed by DuckDB's reader.

Each file is loaded twice, once with the reader typing the candidate columns (forced, so that a
value the first-megabyte sample would have caught still reaches the typed read) and once with
every cell read as text; the stored rows, the refusal and its message must be the same.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import analytics.ingest.load as load_module
from analytics.errors import LoadError
from analytics.ingest.columns import map_headers
from analytics.ingest.fastpath import TYPED, typed_candidates
from analytics.ingest.load import ingest_file, open_file
from tests.analytics.fixtures import add_reps, make_store

HEADER = "snapshot_date,opportunity_id,rep,stage,amount,close_date,created_date\n"


def _load(tmp_path: Path, text: str, *, typed: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    """(stored rows, None) or (None, the refusal's messages) for one load of `text`."""
    path = tmp_path / "snap.csv"
    path.write_text(HEADER + text, encoding="utf-8")
    forced = dict(TYPED) if typed else {}
    monkeypatch.setattr(load_module, "typed_candidates", lambda *a: forced)
    store = make_store()
    add_reps(store, [("S01", "East")])
    try:
        ingest_file(store, "snapshots", path)
    except LoadError as exc:
        return None, [str(e) for e in exc.errors]
    finally:
        monkeypatch.undo()
    rows = store.cursor().execute(
        "SELECT snapshot_date, opportunity_id, amount, close_date, created_date FROM snapshots "
        "ORDER BY opportunity_id"
    )
    return rows.fetchall(), None


@pytest.mark.parametrize(
    "text",
    [
        # clean: every candidate typed
        "2026-01-12,O1,S01,60,100,2026-02-27,2025-11-03\n2026-01-12,O2,S01,60,2.5,2026-3-1,\n",
        # a US date and a currency amount in the second row: both columns read again as text
        '2026-01-12,O1,S01,60,100,2026-02-27,\n2026-01-12,O2,S01,60,"$1,200",02/27/2026,\n',
        # an impossible date: refused with the text parser's message
        "2026-01-12,O1,S01,60,100,2026-02-30,\n",
        # DuckDB reads 'infinity' and 'epoch' as dates; the loader does not
        "2026-01-12,O1,S01,60,100,infinity,\n2026-01-12,O2,S01,60,100,2026-02-27,epoch\n",
        # an empty amount: 'missing', as on the text path
        "2026-01-12,O1,S01,60,,2026-02-27,\n",
    ],
    ids=["clean", "late-mess", "impossible-date", "infinity-epoch", "empty"],
)
def test_typed_and_text_reads_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    fast = _load(tmp_path, text, typed=True, monkeypatch=monkeypatch)
    slow = _load(tmp_path, text, typed=False, monkeypatch=monkeypatch)
    assert fast == slow


def test_clean_rows_are_stored_with_their_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows, errors = _load(
        tmp_path,
        "2026-01-12,O1,S01,60,100,2026-02-27,2025-11-03\n2026-01-12,O2,S01,60,2.5,2026-3-1,\n",
        typed=True,
        monkeypatch=monkeypatch,
    )
    assert errors is None
    assert rows == [
        (date(2026, 1, 12), "O1", Decimal("100.00"), date(2026, 2, 27), date(2025, 11, 3)),
        (date(2026, 1, 12), "O2", Decimal("2.50"), date(2026, 3, 1), None),
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("2026-01-12,O1,S01,60,100,2026-02-27,\n", set(TYPED)),
        ('01/12/2026,O1,S01,60,"$100",2026-02-27,\n', {"close_date", "created_date"}),
        # DuckDB would read 1_000 as a number, the loader refuses it: the whole file is text
        ("2026-01-12,O1,S01,60,1_000,2026-02-27,\n", set()),
    ],
    ids=["clean", "us-date-and-currency", "underscore-anywhere"],
)
def test_candidates_come_from_the_first_megabyte(
    tmp_path: Path, rows: str, expected: set[str]
) -> None:
    path = tmp_path / "snap.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with open_file("snapshots", path, path.name) as opened:
        mapping = map_headers("snapshots", opened.header.names)
        got = typed_candidates("snapshots", opened.prepared, ",", mapping)
    assert set(got) == expected


@pytest.mark.parametrize(
    ("text", "hazard"),
    [
        (b"a,1_000,b\n", True),
        (b"_1,x\n", False),  # nothing before the underscore
        (b"OPP_0001,x\n", False),  # a letter before it
        (b"1_,x\n", False),  # nothing after it
        (b"12__3\n", False),
        (b"x,9_9\n", True),
    ],
)
def test_the_underscore_between_digits_is_found_wherever_the_chunks_split(
    text: bytes, hazard: bool
) -> None:
    from analytics.ingest.textfile import LineStats

    for cut in range(len(text) + 1):
        stats = LineStats()
        stats.feed(text[:cut])
        stats.feed(text[cut:])
        stats.finish()
        assert stats.typing_hazard is hazard, (text, cut)
