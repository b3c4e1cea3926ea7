"""Fuzzed input: malformed CSV files for every table are refused with LoadError, or load.

Every generated file goes through `preview_file` and `ingest_file` into a store that holds all six sample files
(data/samples/). The only exception allowed out of the loader is LoadError, and after a refusal
the store must be exactly as before: the row count and an order-independent checksum of every
table in the catalog. When a mutation happens to be a valid file it loads, and the next example
starts again from a pristine copy of the store. A smaller set of files goes through the real
command line: exit status 1, a message naming the file, no traceback.

The regression tests at the end pin what fuzzing found in the loader.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.errors import LoadError
from analytics.ingest import ingest_file, preview_file
from analytics.ingest.columns import TABLES
from analytics.store import Store
from tests.conftest import ROOT, run_cli

LOAD_ORDER = ("reps", "targets", "snapshots", "bookings", "calls", "forecasts")
SAMPLES = {t: (ROOT / "data" / "samples" / f"{t}.csv").read_bytes() for t in LOAD_ORDER}
ALIASES = sorted({a for spec in TABLES.values() for c in spec.columns for a in c.accepted()})
# Deeper local runs: FORECAST_DESK_FUZZ_SCALE=10 .venv/bin/python -m pytest tests/analytics/test_fuzz_ingest.py
SCALE = max(1, int(os.environ.get("FORECAST_DESK_FUZZ_SCALE", "1")))
WEIRD_VALUES = (
    "", " ", '"', '""', "abc", "n/a", "-", "$-", "(1,2)", "1e400", "-1e400", "nan", "-inf",
    "9" * 40, "0x1F", "1/1/99999", "99999-12-31", "2026-02-30", "2026-13", "2026-W00",
    "2026-W99", "24:61", "１２３", "中文", "\u202e", "\ufeff", "\u3000", "=1+1", "'; DROP TABLE x; --",
    "\\", "\\N", "NULL", "true", "yes", "1,000", "1.234,56", "￥", "\r", "\n", "\t", ";",
)  # fmt: skip


def fuzz(examples: int) -> settings:
    """Hypothesis settings of one fuzz test: no deadline (the machine is shared), few examples."""
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def fingerprint(store: Store) -> dict[str, tuple[int, int]]:
    """Row count and a checksum of the rows of every table in the store's catalog."""
    cur = store.cursor()
    try:
        names = [
            r[0]
            for r in cur.execute(
                "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY table_name"
            ).fetchall()
        ]
        out = {}
        for name in names:  # identifiers from the catalog, quoted
            quoted = '"' + name.replace('"', '""') + '"'
            row = cur.execute(
                f"SELECT count(*), coalesce(sum(hash(CAST(t AS VARCHAR))), 0) FROM {quoted} t"  # noqa: S608
            ).fetchone()
            assert row is not None
            out[name] = (int(row[0]), int(row[1]))
        return out
    finally:
        cur.close()


def changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    """The tables whose count or checksum differ (for the assertion message)."""
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))


class Harness:
    """A store holding every sample file; after a file loads, a pristine copy replaces it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pristine = folder / "pristine.duckdb"
        self.work = folder / "work.duckdb"
        with Store(self.pristine) as store:
            for table in LOAD_ORDER:
                ingest_file(store, table, self._write(SAMPLES[table]))
        self.store = self._open()
        self.before = fingerprint(self.store)
        self.loaded = 0

    def _write(self, data: bytes) -> Path:
        path = self.folder / "fuzzed.csv"
        path.write_bytes(data)
        return path

    def _open(self) -> Store:
        shutil.copyfile(self.pristine, self.work)
        return Store(self.work)

    def check(self, table: str, data: bytes) -> LoadError | None:
        """Load `data` into `table`: LoadError leaves the store unchanged; any other exception
        fails the test. Returns the LoadError, or None when the file loaded. The upload page's
        preview reads the file first: it too may raise LoadError only."""
        path = self._write(data)
        with contextlib.suppress(LoadError):
            preview_file(self.store, table, path)
        try:
            ingest_file(self.store, table, path, replace=True)
        except LoadError as exc:
            after = fingerprint(self.store)
            assert after == self.before, (
                f"a refused {table} file changed {changed(self.before, after)}"
            )
            return exc
        self.loaded += 1
        self.store.close()
        self.store = self._open()
        return None

    def close(self) -> None:
        self.store.close()


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    h = Harness(tmp_path_factory.mktemp("fuzz"))
    yield h
    h.close()


# -- file structure helpers (the samples have no quotes: a comma and a newline split exactly) --
def split(data: bytes) -> list[list[bytes]]:
    return [line.split(b",") for line in data.rstrip(b"\n").split(b"\n")]


def join(rows: list[list[bytes]]) -> bytes:
    return b"".join(b",".join(cells) + b"\n" for cells in rows)


def csv_cell(value: bytes) -> bytes:
    """A cell value quoted the CSV way when it holds a delimiter, quote or line break."""
    if any(ch in value for ch in (b",", b'"', b"\n", b"\r", b";", b"\t")):
        return b'"' + value.replace(b'"', b'""') + b'"'
    return value


tables = st.sampled_from(LOAD_ORDER)


@st.composite
def a_cell(draw: st.DrawFn, table: str) -> tuple[int, int]:
    """Row and column of any cell of the table's sample, the header included."""
    rows = split(SAMPLES[table])
    row = draw(st.integers(0, len(rows) - 1))
    return row, draw(st.integers(0, len(rows[row]) - 1))


def insert_at(draw: st.DrawFn, data: bytes, what: bytes, times: int) -> bytes:
    for _ in range(times):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + what + data[at:]
    return data


# -- the mutations: each draws a table's sample and returns (table, fuzzed bytes) ---------------
@st.composite
def random_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    table = draw(tables)
    junk = draw(st.binary(max_size=4096))
    keep_header = draw(st.booleans())
    head = SAMPLES[table].split(b"\n", 1)[0] + b"\n" if keep_header else b""
    return table, head + junk


@st.composite
def truncated(draw: st.DrawFn) -> tuple[str, bytes]:
    table = draw(tables)
    data = SAMPLES[table]
    return table, data[: draw(st.integers(0, len(data)))]


@st.composite
def wrong_type(draw: st.DrawFn) -> tuple[str, bytes]:
    table = draw(tables)
    rows = split(SAMPLES[table])
    for _ in range(draw(st.integers(1, 3))):
        row, col = draw(a_cell(table))
        value = draw(st.one_of(st.sampled_from(WEIRD_VALUES), st.text(max_size=40)))
        rows[row][col] = csv_cell(value.encode("utf-8"))
    return table, join(rows)


header_names = st.one_of(
    st.sampled_from(ALIASES), st.text(max_size=20), st.sampled_from(("", " ", "x", "unmapped_1"))
)


@st.composite
def shuffled_renamed(draw: st.DrawFn) -> tuple[str, bytes, bool]:
    """Columns in any order; some headers renamed. The bool: no header was renamed."""
    table = draw(tables)
    rows = split(SAMPLES[table])
    order = draw(st.permutations(range(len(rows[0]))))
    rows = [[cells[i] for i in order] for cells in rows]
    renames = draw(st.dictionaries(st.integers(0, len(rows[0]) - 1), header_names, max_size=3))
    for col, name in renames.items():
        rows[0][col] = csv_cell(name.encode("utf-8"))
    return table, join(rows), not renames


ENCODABLE = {
    "utf-8": "abcXYZ éüßñ中文汉字客户金额€—",
    "gb18030": "abcXYZ 中文汉字客户金额销售代表大区",
    "latin-1": "abcXYZ éüßñÀÉÎÕÜçÿ£¥§",
}


@st.composite
def mixed_encodings(draw: st.DrawFn) -> tuple[str, bytes]:
    """UTF-8, GB18030 and Latin-1 bytes in cells (or headers) of one file."""
    table = draw(tables)
    rows = split(SAMPLES[table])
    codecs = ["utf-8", "gb18030", "latin-1"]
    codecs += draw(st.lists(st.sampled_from(sorted(ENCODABLE)), max_size=3))
    for codec in codecs:
        text = draw(st.text(alphabet=ENCODABLE[codec], min_size=1, max_size=12))
        row, col = draw(a_cell(table))
        rows[row][col] = csv_cell(rows[row][col] + text.encode(codec))
    return table, join(rows)


@st.composite
def nul_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    table = draw(tables)
    return table, insert_at(draw, SAMPLES[table], b"\x00", draw(st.integers(1, 3)))


@st.composite
def unbalanced_quotes(draw: st.DrawFn) -> tuple[str, bytes]:
    table = draw(tables)
    quote = draw(st.sampled_from((b'"', b'"""', b'",', b',"')))
    return table, insert_at(draw, SAMPLES[table], quote, draw(st.integers(1, 3)))


@st.composite
def many_columns(draw: st.DrawFn) -> tuple[str, bytes]:
    """Up to 3,000 extra columns in the header, in the rows, or both (then they agree)."""
    table = draw(tables)
    rows = split(SAMPLES[table])
    extra = draw(st.integers(1, 3000))
    where = draw(st.sampled_from(("header", "rows", "both")))
    cell = draw(st.sampled_from((b"", b"x", b"1")))
    if where in ("header", "both"):
        rows[0] += [b"extra_%d" % i for i in range(extra)]
    if where in ("rows", "both"):
        for cells in rows[1:]:
            cells += [cell] * extra
    return table, join(rows)


def _swap_lines(data: bytes, i: int, j: int) -> bytes:
    lines = data.split(b"\n")
    i, j = i % len(lines), j % len(lines)
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


@st.composite
def stacked(draw: st.DrawFn) -> tuple[str, bytes]:
    """Several byte-level edits on one sample: the combinations single mutations miss."""
    table = draw(tables)
    data = SAMPLES[table]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(("insert", "delete", "swap", "duplicate", "newline")))
        if kind == "insert":
            piece = draw(
                st.one_of(
                    st.sampled_from((b'"', b"\x00", b"\r", b"\n", b",", b";", b"\t", b"\xff")),
                    st.sampled_from(("中", "é", "€")).map(lambda c: c.encode("gb18030")),
                    st.binary(min_size=1, max_size=8),
                )
            )
            data = insert_at(draw, data, piece, 1)
        elif kind == "delete" and data:
            start = draw(st.integers(0, len(data) - 1))
            data = data[:start] + data[start + draw(st.integers(1, 40)) :]
        elif kind == "swap":
            data = _swap_lines(data, draw(st.integers(0, 99)), draw(st.integers(0, 99)))
        elif kind == "duplicate":
            lines = data.split(b"\n")
            lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(lines)))
            data = b"\n".join(lines)
        elif kind == "newline":
            style = draw(st.sampled_from((b"\r\n", b"\r")))
            data = data.replace(b"\n", style, draw(st.integers(1, 50)))
    return table, data


# -- in-process fuzz tests ------------------------------------------------------------------------
@pytest.mark.slow
@fuzz(50)
@given(case=random_bytes())
def test_random_bytes(harness: Harness, case: tuple[str, bytes]) -> None:
    harness.check(*case)


@pytest.mark.slow
@fuzz(40)
@given(case=truncated())
def test_a_sample_truncated_at_any_byte(harness: Harness, case: tuple[str, bytes]) -> None:
    table, data = case
    error = harness.check(table, data)
    if b"\n" not in data:
        # no line break: at most a header, never data rows (a header alone is refused)
        assert error is not None


@pytest.mark.slow
@fuzz(80)
@given(case=wrong_type())
def test_wrong_types_in_any_cell(harness: Harness, case: tuple[str, bytes]) -> None:
    harness.check(*case)


@pytest.mark.slow
@fuzz(40)
@given(case=shuffled_renamed())
def test_shuffled_and_renamed_columns(harness: Harness, case: tuple[str, bytes, bool]) -> None:
    table, data, only_shuffled = case
    error = harness.check(table, data)
    if only_shuffled:
        # Columns are found by their header, not their position: a shuffled sample loads. The
        # store already holds the sample's orders, so bookings are refused for that alone.
        if table == "bookings":
            assert error is not None
            assert all("is already stored" in e.message for e in error.errors), error
        else:
            assert error is None, error


@pytest.mark.slow
@fuzz(60)
@given(case=mixed_encodings())
def test_mixed_encodings_in_one_file(harness: Harness, case: tuple[str, bytes]) -> None:
    harness.check(*case)


@pytest.mark.slow
@fuzz(20)
@given(case=nul_bytes())
def test_nul_bytes_are_refused(harness: Harness, case: tuple[str, bytes]) -> None:
    assert harness.check(*case) is not None


@pytest.mark.slow
@fuzz(60)
@given(case=unbalanced_quotes())
def test_unbalanced_quotes(harness: Harness, case: tuple[str, bytes]) -> None:
    harness.check(*case)


@pytest.mark.slow
@fuzz(20)
@given(case=many_columns())
def test_many_columns(harness: Harness, case: tuple[str, bytes]) -> None:
    harness.check(*case)


@pytest.mark.slow
@fuzz(100)
@given(case=stacked())
def test_stacked_edits(harness: Harness, case: tuple[str, bytes]) -> None:
    harness.check(*case)


HUGE = 5 * 1024 * 1024


def _huge_cell(quoted: bool) -> Callable[[str], bytes]:
    def make(table: str) -> bytes:
        rows = split(SAMPLES[table])
        value = b"7" * HUGE
        rows[1][-1] = b'"' + value + b'"' if quoted else value
        return join(rows)

    return make


HUGE_CASES: dict[str, Callable[[str], bytes]] = {
    "a 5 MB cell": _huge_cell(quoted=False),
    "a 5 MB quoted cell": _huge_cell(quoted=True),
    "a 5 MB header cell": lambda t: b"h" * HUGE + b"," + SAMPLES[t],
    "5 MB without a line break": lambda t: (
        SAMPLES[t].replace(b"\n", b",") * (HUGE // len(SAMPLES[t]) + 1)
    )[:HUGE],
    "a 5 MB line after the first two megabytes": lambda t: (
        SAMPLES[t]
        + SAMPLES[t].split(b"\n", 1)[1] * (2 * 1024 * 1024 // len(SAMPLES[t]))
        + b"9" * HUGE
        + b"\n"
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("table", LOAD_ORDER)
@pytest.mark.parametrize("case", list(HUGE_CASES))
def test_huge_fields_are_refused(harness: Harness, table: str, case: str) -> None:
    error = harness.check(table, HUGE_CASES[case](table))
    assert error is not None
    assert len(str(error)) < 20_000, "the message must not carry the huge value"


# -- the real command line ----------------------------------------------------------------------
def _replace_cell(table: str, row: int, col: int, value: bytes) -> bytes:
    rows = split(SAMPLES[table])
    rows[row][col] = value
    return join(rows)


def _rename_header(table: str, header: bytes, to: bytes) -> bytes:
    first, rest = SAMPLES[table].split(b"\n", 1)
    return first.replace(header, to) + b"\n" + rest


# case -> (table, bytes); every one of them must be refused
CLI_CASES: dict[str, tuple[str, bytes]] = {
    "random-bytes": ("snapshots", random.Random(7).randbytes(3000)),
    "nul-byte": ("bookings", SAMPLES["bookings"].replace(b"SO-5003", b"SO-\x005003")),
    "truncated-header": ("targets", SAMPLES["targets"][:10]),
    "unbalanced-quote": ("calls", SAMPLES["calls"].replace(b"\nS02,", b'\n"S02,', 1)),
    "wrong-type": ("forecasts", _replace_cell("forecasts", 3, 4, b"lots")),
    "mixed-encodings": (
        "reps",
        _rename_header("reps", b"region", "大区".encode("gb18030") + "é".encode("latin-1")),
    ),
    "huge-field": ("snapshots", _huge_cell(quoted=True)("snapshots")),
    "many-columns": (
        "bookings",
        _rename_header("bookings", b"status", b"status" + b",x" * 5000),
    ),
    "shuffled-renamed": (
        "targets",
        join([[c[4], c[0], c[3], c[1], c[2]] for c in split(SAMPLES["targets"])]).replace(
            b"scope_type", b"kind", 1
        ),
    ),
}


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz-cli") / "forecast.duckdb"
    with Store(path) as store:
        for table in LOAD_ORDER:
            ingest_file(store, table, ROOT / "data" / "samples" / f"{table}.csv")
    return path


def _db_fingerprint(db: Path) -> dict[str, tuple[int, int]]:
    with Store(db) as store:
        return fingerprint(store)


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CLI_CASES))
def test_the_command_line_refuses_malformed_files(cli_db: Path, tmp_path: Path, case: str) -> None:
    table, data = CLI_CASES[case]
    path = tmp_path / f"fuzz-{case}.csv"
    path.write_bytes(data)
    before = _db_fingerprint(cli_db)
    result = run_cli("ingest", table, str(path), db=cli_db)
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert f"fuzz-{case}.csv: refused, nothing was loaded" in result.stderr
    assert len(result.stderr) < 20_000
    after = _db_fingerprint(cli_db)
    assert after == before, f"changed: {changed(before, after)}"


@pytest.mark.slow
@settings(max_examples=4 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=stacked(), at=st.integers(0, 10**6))
def test_the_command_line_refuses_stacked_edits_with_a_nul(
    cli_db: Path, tmp_path_factory: pytest.TempPathFactory, case: tuple[str, bytes], at: int
) -> None:
    """Random edits plus one NUL byte (so that the file is always refused)."""
    table, data = case
    at %= len(data) + 1
    path = tmp_path_factory.mktemp("fuzz-cli-stacked") / "stacked edits.csv"
    path.write_bytes(data[:at] + b"\x00" + data[at:])
    before = _db_fingerprint(cli_db)
    result = run_cli("ingest", table, str(path), db=cli_db)
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "stacked edits.csv: refused, nothing was loaded" in result.stderr
    after = _db_fingerprint(cli_db)
    assert after == before, f"changed: {changed(before, after)}"


# -- regressions: what fuzzing found in the loader ----------------------------------------------
def test_regression_nul_byte_after_the_first_megabyte(store: Store, tmp_path: Path) -> None:
    """A NUL byte beyond the first megabyte (which the binary-file check reads) used to load
    into the store; now it is refused with its row."""
    rows = [b"R%05d,Name %d,North" % (i, i) for i in range(100_000)]  # about 2 MB
    rows[89_998] = b"R89998,Na\x00me,North"  # file row 89,998 + 2 (header = row 1)
    path = tmp_path / "reps.csv"
    path.write_bytes(b"rep,name,region\n" + b"\n".join(rows) + b"\n")
    with pytest.raises(LoadError) as info:
        ingest_file(store, "reps", path)
    assert [(e.row, e.column) for e in info.value.errors] == [(90_000, None)]
    assert "NUL byte" in info.value.errors[0].message
    assert fingerprint(store)["reps"] == (0, 0)


def test_regression_header_longer_than_a_megabyte(store: Store, tmp_path: Path) -> None:
    """A header row longer than the first chunk was cut there: every row then had 'fewer fields
    than the header', and each message carried a megabyte-long column name."""
    path = tmp_path / "reps.csv"
    path.write_bytes(b"rep,region," + b"h" * (2 * 1024 * 1024) + b"\nS01,North,x\n")
    with pytest.raises(LoadError) as info:
        ingest_file(store, "reps", path)
    assert [e.row for e in info.value.errors] == [1]
    assert "longer than 1 MB" in info.value.errors[0].message
    assert len(str(info.value)) < 1000


@pytest.mark.parametrize(
    ("data", "row", "own"),
    [
        (b"rep,region\rS01,North\rS02,East\nS03,West\n", 3, "CR"),  # CR, then LF
        (b"rep,region\nS01,North\nS02,East\r\nS03,West\r\n", 3, "LF"),  # LF, then CR LF
        (b"rep,region\r\nS01,North\r\nS02,East\nS03,West\n", 3, "CR LF"),  # CR LF, then LF
        (b"rep,region\nS01,North\nS02,Ea\rst\nS03,West\n", 3, "LF"),  # a bare CR in a value
    ],
)
def test_regression_mixed_line_endings(
    store: Store, tmp_path: Path, data: bytes, row: int, own: str
) -> None:
    """Mixed line endings stopped DuckDB's parser with 'the CSV Parser state machine reached an
    invalid state'; now the message names the first row with another line break."""
    path = tmp_path / "reps.csv"
    path.write_bytes(data)
    with pytest.raises(LoadError) as info:
        ingest_file(store, "reps", path)
    assert [e.row for e in info.value.errors] == [row]
    assert f"another line break than row 1 ({own})" in info.value.errors[0].message
    assert "state machine" not in str(info.value)


def test_a_quoted_line_break_of_another_kind_still_loads(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "reps.csv"
    path.write_bytes(b'rep,region\nS01,North\nS02,"Ea\rst"\n')
    assert ingest_file(store, "reps", path).rows == 2


@pytest.mark.skipif(os.name != "posix", reason="file names as bytes")
def test_regression_file_name_that_is_not_utf8(store: Store, tmp_path: Path) -> None:
    """A path holding bytes that are not UTF-8 (given on the command line) was refused with
    DuckDB's 'cannot encode str as UTF-8'; now the file loads and its name is shown with U+FFFD."""
    path = Path(os.fsdecode(os.fsencode(tmp_path) + b"/reps-\xff.csv"))
    path.write_bytes(SAMPLES["reps"])
    report = ingest_file(store, "reps", path)
    assert (report.rows, report.file_name) == (6, "reps-\ufffd.csv")
    result = run_cli("ingest", "reps", str(path), db=tmp_path / "forecast.duckdb")
    assert result.returncode == 0, result.stderr
    assert "from reps-\ufffd.csv" in result.stdout


def test_regression_thousands_of_columns_keep_messages_short(store: Store, tmp_path: Path) -> None:
    """Notes and messages listed every header in full (5,000 unused columns, a 200 kB name)."""
    extra = b"".join(b",extra_%d" % i for i in range(5000))
    path = tmp_path / "reps.csv"
    path.write_bytes(b"rep,region" + extra + b"\nS01,North" + b",1" * 5000 + b"\n")
    report = ingest_file(store, "reps", path)
    unused = next(n for n in report.notes if n.startswith("columns not used"))
    # 5,000 unused headers: the first 20 are shown (extra_0 … extra_19), 5,000 - 20 = 4,980 more
    assert unused.endswith("extra_19, … (4980 more)")
    path.write_bytes(b"rep,regio" + extra + b"\nS01,North" + b",1" * 5000 + b"\n")
    with pytest.raises(LoadError) as missing:
        ingest_file(store, "reps", path)
    # 5,002 headers: rep, regio, extra_0 … extra_17 are shown, 5,002 - 20 = 4,982 more
    assert "'extra_17', … (4982 more)" in str(missing.value)
    assert len(str(missing.value)) < 2000
    long_name = b"n" * 200_000
    path.write_bytes(b"rep,region," + long_name + b"\nS02,East\n")
    with pytest.raises(LoadError) as ragged:
        ingest_file(store, "reps", path)
    assert ragged.value.errors[0].column == "n" * 59 + "…"
    assert len(str(ragged.value)) < 1000
