"""Encodings: a file loads with the text its author wrote, whatever encoding it was saved in.

The same small reps file (German, French, Spanish, Portuguese, simplified and traditional
Chinese names) is written in every encoding that can hold it and loaded; the stored names must
equal the ones written. Where the bytes are truly ambiguous the load is refused with the
candidates and the `--encoding` fix, and `--encoding` then loads it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.errors import LoadError
from analytics.ingest import ingest_file
from analytics.ingest.encoding import detect_legacy, implausibility, sample_lines
from analytics.ingest.preview import preview_file
from analytics.store import Store
from tests.conftest import run_cli

WESTERN = [
    ("W1", "Jan Müller", "Nord"),
    ("W2", "Anna Schröder", "Süd"),
    ("W3", "François Lefèvre", "Île-de-France"),
    ("W4", "José Peña", "España"),
    ("W5", "Conceição Gonçalves", "Lisboa"),
]
SIMPLIFIED = [("C1", "王军", "华东"), ("C2", "李娜", "华南"), ("C3", "张伟", "华北")]
TRADITIONAL = [("T1", "陳美玲", "臺北"), ("T2", "林志豪", "高雄"), ("T3", "黃淑芬", "臺中")]


def _csv(rows: list[tuple[str, str, str]]) -> str:
    return "rep,name,region\r\n" + "".join(f"{r},{n},{g}\r\n" for r, n, g in rows)


def _names(store: Store) -> list[tuple[str, str, str]]:
    cur = store.cursor()
    return [
        (str(r), str(n), str(g))
        for r, n, g in cur.execute("SELECT rep, name, region FROM reps ORDER BY rep").fetchall()
    ]


# (rows, how the bytes are written, the note's encoding name)
CASES = [
    (WESTERN + SIMPLIFIED + TRADITIONAL, "utf-8", None),
    (WESTERN + SIMPLIFIED + TRADITIONAL, "utf-8-sig", None),
    (WESTERN + SIMPLIFIED + TRADITIONAL, "utf-16", "UTF-16"),  # Python writes the LE BOM
    (SIMPLIFIED, "gb18030", "GB18030"),
    (SIMPLIFIED, "gbk", "GB18030"),
    (TRADITIONAL, "big5", "Big5"),
    (WESTERN, "cp1252", "Windows-1252"),
    (WESTERN[:1], "cp1252", "Windows-1252"),  # one German name alone: Jan M黮ler is refused
    (WESTERN[3:4], "latin-1", "Windows-1252"),
]


@pytest.mark.parametrize(("rows", "codec", "shown"), CASES)
def test_every_encoding_loads_the_text_as_written(
    store: Store, tmp_path: Path, rows: list[tuple[str, str, str]], codec: str, shown: str | None
) -> None:
    path = tmp_path / f"reps-{codec}.csv"
    path.write_bytes(_csv(rows).encode(codec))
    report = ingest_file(store, "reps", path)
    assert _names(store) == sorted(rows)
    if shown is not None:
        assert any(f"read as {shown} text" in str(n) for n in report.notes), report.notes


def test_a_windows_1252_reps_file_loads_jan_mueller_intact_and_says_how_sure(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "vertrieb.csv"
    path.write_bytes(_csv(WESTERN[:2]).encode("cp1252"))
    report = ingest_file(store, "reps", path)
    assert [n for _, n, _ in _names(store)] == ["Jan Müller", "Anna Schröder"]
    note = next(str(n) for n in report.notes if "Windows-1252" in str(n))
    assert "detected with high confidence" in note and "GB18030: broken words" in note


def test_ambiguous_bytes_are_refused_with_the_candidates_and_the_fix(
    store: Store, tmp_path: Path
) -> None:
    # C4 E3 is 你 in GB18030 and Äã in Windows-1252: both plausible, nothing tells them apart.
    path = tmp_path / "reps.csv"
    path.write_bytes(b"rep,name,region\r\nR1,\xc4\xe3,North\r\n")
    with pytest.raises(LoadError) as refused:
        ingest_file(store, "reps", path)
    message = str(refused.value)
    assert "reps.csv" in message
    assert "GB18030 gives '你'" in message and "Windows-1252 gives 'Äã'" in message
    assert "--encoding gb18030" in message and "--encoding cp1252" in message
    assert store.table_counts()["reps"] == 0  # nothing stored
    ingest_file(store, "reps", path, encoding="gb18030")
    assert _names(store) == [("R1", "你", "North")]


def test_the_command_line_takes_encoding(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "reps.csv"
    path.write_bytes(b"rep,name,region\r\nR1,\xc4\xe3,North\r\n")
    refused = run_cli("ingest", "reps", str(path), db=db_path)
    assert refused.returncode == 1 and "--encoding" in refused.stderr + refused.stdout
    loaded = run_cli("ingest", "reps", str(path), "--encoding", "windows-1252", db=db_path)
    assert loaded.returncode == 0, loaded.stderr
    assert "read as Windows-1252 text, as given" in loaded.stdout
    unknown = run_cli("ingest", "reps", str(path), "--encoding", "ebcdic", db=db_path)
    assert unknown.returncode == 1 and "unknown encoding 'ebcdic'" in unknown.stderr


def test_a_forced_encoding_that_does_not_fit_names_the_row(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "reps.csv"
    path.write_bytes(_csv(WESTERN[:1] + [("W9", "Zoë", "Nord")]).encode("cp1252"))
    with pytest.raises(LoadError) as refused:
        ingest_file(store, "reps", path, encoding="utf-8")
    error = refused.value.errors[0]
    assert error.row == 2 and "cannot read the file as UTF-8 text" in error.message


def test_the_preview_shows_decoded_names(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "reps.csv"
    path.write_bytes(_csv(WESTERN[:2]).encode("cp1252"))
    preview = preview_file(store, "reps", path)
    assert preview.encoding == "Windows-1252" and preview.encoding_confidence == "high"
    assert "Jan Müller" in preview.decoded_samples and "Süd" in preview.decoded_samples
    forced = preview_file(store, "reps", path, encoding="latin-1")
    assert forced.encoding == "Latin-1" and forced.encoding_confidence == "certain"


@pytest.mark.parametrize(
    ("text", "codec", "plausible"),
    [
        ("Jan M黮ler", "gb18030", False),  # a Latin word broken by a lone CJK character
        ("Pe馻", "gb18030", False),
        ("ACME扩容项目", "gb18030", True),  # a Latin brand before a whole Chinese word
        ("Íõ¾ü", "cp1252", False),  # 王军 read as Windows-1252: symbols among letters
        ("Conceição", "cp1252", True),  # two accented letters in a row are ordinary
        ("€1.234", "cp1252", True),
    ],
)
def test_implausible_readings(text: str, codec: str, plausible: bool) -> None:
    assert (implausibility(text, codec) < 0.25) is plausible


def test_the_sample_keeps_whole_lines_with_non_ascii_bytes() -> None:
    data = b"rep,name\nA1,plain\nA2,M\xfcller\nA3,x\n"
    assert sample_lines(data) == b"A2,M\xfcller"
    assert detect_legacy(sample_lines(data)).codec == "cp1252"
