# ruff: noqa: F811 - the AppTest fixtures are imported and then named as parameters
"""Hostile text in names: stored intact, bound in SQL, shown as text, neutralised in CSV.

Rep names, region names, opportunity names and account names from a CRM export can hold SQL
metacharacters, HTML and script tags, markdown and spreadsheet formulas. They must load
byte for byte without touching any other table; as filter values they are bound, never pasted
into SQL; the pages show them as text (no HTML is rendered from them); and CSV downloads
prefix the cells a spreadsheet would run as a formula with an apostrophe.

`payload_db` (also used by tests/browser/test_injection_browser.py) loads a reps file and a
snapshot file full of such names into a copy of the demo database.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.ingest import ingest_file
from analytics.store import DATA_TABLES, Store
from tests.app.fixtures import app_on, use_db  # noqa: F401 - pytest fixtures

SQL_PAYLOADS = ("'; DROP TABLE snapshots; --", 'Say "hi"', "back\\slash \\N")
HTML_PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
MARKDOWN_PAYLOADS = ("**bold** [link](javascript:alert(1))",)
FORMULA_PAYLOADS = ('=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)")
PAYLOADS = SQL_PAYLOADS + HTML_PAYLOADS + MARKDOWN_PAYLOADS + FORMULA_PAYLOADS

# One rep per payload: the payload is the rep's name; regions carry payloads of their own.
REPS = tuple((f"X{i:02d}", name) for i, name in enumerate(PAYLOADS, start=1))
REGIONS = (
    "<script>alert('region')</script>",
    "Region'; DROP TABLE reps; --",
    "**Region** [r](javascript:alert(1))",
    '=HYPERLINK("http://r","r")',
)
SNAPSHOT_COLUMNS = (
    "snapshot_date", "opportunity_id", "opportunity_name", "account", "rep", "region", "stage",
    "amount", "close_date", "forecast_category", "created_date", "currency",
)  # fmt: skip


def region_of(index: int) -> str:
    return REGIONS[index % len(REGIONS)]


def write_csv(path: Path, header: tuple[str, ...], rows: Sequence[tuple[object, ...]]) -> Path:
    """A CSV file written the standard way (quotes where a value needs them)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def reps_file(folder: Path) -> Path:
    rows = [
        (rep, name, region_of(i), "Manager <b>M</b>", "A") for i, (rep, name) in enumerate(REPS)
    ]
    return write_csv(folder / "reps.csv", ("rep", "name", "region", "manager", "tier"), rows)


def payload_deals(snapshot: date) -> list[tuple[object, ...]]:
    """Two deals per payload rep: named and accounted with payloads, one of them past due."""
    rows: list[tuple[object, ...]] = []
    for i, (rep, name) in enumerate(REPS):
        other = PAYLOADS[(i + 3) % len(PAYLOADS)]
        created = (snapshot - timedelta(days=200)).isoformat()
        rows.append(
            (snapshot.isoformat(), f"XOPP-{i:02d}-A", name, other, rep, region_of(i), 60,
             50_000 + i, (snapshot + timedelta(days=40)).isoformat(), "upside", created, "CNY")
        )  # fmt: skip
        rows.append(
            (snapshot.isoformat(), f"XOPP-{i:02d}-B", other, name, rep, region_of(i), 25,
             20_000 + i, (snapshot - timedelta(days=10)).isoformat(), "pipeline", created, "CNY")
        )  # fmt: skip
    return rows


def load_payloads(db: Path, folder: Path) -> date:
    """Load the payload reps, and the latest snapshot again with the payload deals added
    (replace); returns that snapshot date."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("SELECT max(snapshot_date) FROM snapshots").fetchone()
        assert row is not None and row[0] is not None
        latest: date = row[0]
        existing = con.execute(
            f"SELECT {', '.join(SNAPSHOT_COLUMNS)} FROM snapshots WHERE snapshot_date = $d",  # noqa: S608 - fixed column list
            {"d": latest},
        ).fetchall()
    finally:
        con.close()
    snapshots = write_csv(
        folder / "snapshots.csv", SNAPSHOT_COLUMNS, [*existing, *payload_deals(latest)]
    )
    with Store(db) as store:
        ingest_file(store, "reps", reps_file(folder))
        ingest_file(store, "snapshots", snapshots, replace=True)
    return latest


@pytest.fixture(scope="module")
def payload_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database (seed 7) with the payload reps and deals loaded."""
    from analytics.demo import build_demo

    folder = tmp_path_factory.mktemp("injection")
    db = folder / "forecast.duckdb"
    with Store(db) as store:
        build_demo(store, seed=7)
    load_payloads(db, folder)
    return db


# -- stored intact --------------------------------------------------------------------------------
SAMPLE_ORDER = ("reps", "targets", "snapshots", "bookings", "calls", "forecasts")
PAYLOAD_DATE = date(2026, 11, 30)  # after the samples' last snapshot (2026-11-16)


def table_sums(store: Store) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent checksum of every data table and the load log."""
    out = {}
    cur = store.cursor()
    for table in (*DATA_TABLES, "loads", "action_plans"):
        row = cur.execute(
            f"SELECT count(*), coalesce(sum(hash(CAST(t AS VARCHAR))), 0) FROM {table} t"  # noqa: S608 - allow-listed
        ).fetchone()
        assert row is not None
        out[table] = (int(row[0]), int(row[1]))
    cur.close()
    return out


@pytest.fixture
def samples_store(store: Store, tmp_path: Path) -> Store:
    """The sample files, then the payload reps and a payload snapshot of PAYLOAD_DATE."""
    from tests.conftest import ROOT

    for table in SAMPLE_ORDER:
        ingest_file(store, table, ROOT / "data" / "samples" / f"{table}.csv")
    store.before = table_sums(store)  # type: ignore[attr-defined]
    ingest_file(store, "reps", reps_file(tmp_path))
    rows = payload_deals(PAYLOAD_DATE)
    ingest_file(store, "snapshots", write_csv(tmp_path / "snap.csv", SNAPSHOT_COLUMNS, rows))
    return store


def test_names_are_stored_byte_for_byte(samples_store: Store) -> None:
    reps = dict(
        samples_store.cursor()
        .execute("SELECT rep, (name, region, manager) FROM reps WHERE rep LIKE 'X%'")
        .fetchall()
    )
    assert reps == {
        rep: (name, region_of(i), "Manager <b>M</b>") for i, (rep, name) in enumerate(REPS)
    }
    deals = samples_store.cursor().execute(
        "SELECT opportunity_id, opportunity_name, account, region FROM snapshots "
        "WHERE snapshot_date = $d ORDER BY opportunity_id",
        {"d": PAYLOAD_DATE},
    )
    expected = sorted((r[1], r[2], r[3], r[5]) for r in payload_deals(PAYLOAD_DATE))
    assert deals.fetchall() == expected


def test_other_tables_are_untouched(samples_store: Store) -> None:
    before: dict[str, tuple[int, int]] = samples_store.before  # type: ignore[attr-defined]
    after = table_sums(samples_store)
    assert {t: after[t][0] - before[t][0] for t in after} == {
        "snapshots": 2 * len(REPS),  # two deals per payload rep
        "bookings": 0,
        "targets": 0,
        "calls": 0,
        "forecasts": 0,
        "reps": len(REPS),
        "loads": 2,
        "action_plans": 0,
    }
    for table in ("bookings", "targets", "calls", "forecasts", "action_plans"):
        assert after[table] == before[table], table


# -- bound in SQL ---------------------------------------------------------------------------------
def _m11(store: Store, regions: tuple[str, ...] = (), reps: tuple[str, ...] = ()) -> pd.DataFrame:
    from analytics.metrics import MetricQuery, get_metric

    query = MetricQuery(by="region", grain="month", as_of=PAYLOAD_DATE, regions=regions, reps=reps)
    return get_metric("M11").compute(store, query)


def test_a_quote_in_a_filter_value_matches_nothing(samples_store: Store) -> None:
    everything = _m11(samples_store)
    assert set(everything["scope"]) == set(REGIONS)
    assert _m11(samples_store, regions=("x' OR '1'='1",)).empty
    assert _m11(samples_store, reps=("' OR 1=1 --",)).empty
    assert _m11(samples_store, regions=('") OR TRUE --',)).empty


def test_a_hostile_region_name_filters_exactly_itself(samples_store: Store) -> None:
    frame = _m11(samples_store, regions=(REGIONS[1],))
    # REGIONS[1] is the region of reps i = 1, 5, 9 (i % 4 == 1), two open deals each:
    # (50,000 + i) + (20,000 + i) = 70,000 + 2i -> 70,002 + 70,010 + 70,018 = 210,030
    assert frame[["scope", "open_amount"]].values.tolist() == [[REGIONS[1], 210_030.0]]


def test_the_command_line_binds_a_region_filter(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    db = tmp_path / "forecast.duckdb"
    with Store(db) as store:
        ingest_file(store, "reps", reps_file(tmp_path))
        rows = payload_deals(PAYLOAD_DATE)
        ingest_file(store, "snapshots", write_csv(tmp_path / "s.csv", SNAPSHOT_COLUMNS, rows))
    args = ("metric", "M11", "--by", "region", "--as-of", PAYLOAD_DATE.isoformat())
    hostile = run_cli(*args, "--region", "x' OR '1'='1", "--format", "json", db=db)
    assert hostile.returncode == 0, hostile.stderr
    assert hostile.stdout.strip() == "[]"
    own = run_cli(*args, "--region", REGIONS[1], "--format", "csv", db=db)
    assert own.returncode == 0, own.stderr
    frame = pd.read_csv(io.StringIO(own.stdout))
    assert frame[["scope", "open_amount"]].values.tolist() == [[REGIONS[1], 210_030.0]]
    with Store(db, read_only=True) as store:
        assert store.table_counts()["snapshots"] == 2 * len(REPS)  # still there


# -- shown as text --------------------------------------------------------------------------------
def test_escape_markdown_keeps_the_text_and_kills_the_markup() -> None:
    from dashboard.components.tables import escape_markdown

    for text in (*PAYLOADS, *REGIONS, "$1.2M of $2.0M", "- item", "1. one", "www.x.com :+1:"):
        escaped = escape_markdown(text)
        # a backslash before ASCII punctuation is literal in CommonMark: removing them gives
        # the text back
        assert re_unescape(escaped) == text
        for construct in ("**", "[", "<", "$", "://", "`"):
            assert construct not in unescaped_parts(escaped), (text, escaped)


def test_escape_markdown_leaves_the_ui_texts_alone() -> None:
    """Tiles and drill-downs escape their labels: the page's own texts must not change."""
    from dashboard.components.tables import escape_markdown
    from dashboard.i18n import TEXTS

    EN, ZH = TEXTS["en"], TEXTS["zh"]

    for texts in (EN, ZH):
        for key, text in texts.items():
            if "`" not in text:  # the few texts with code spans are not escaped anywhere
                assert escape_markdown(text) == text, key


def re_unescape(text: str) -> str:
    import re

    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def unescaped_parts(text: str) -> str:
    """The text with every backslash-escaped character removed."""
    import re

    return re.sub(r"\\[!-/:-@\[-`{-~]", "", text)


# -- pages (AppTest) ------------------------------------------------------------------------------
PAGES = ("overview", "weekly", "monthly", "pipeline", "team", "data")
HOSTILE_QUERY = {
    "region": [*REGIONS, "x' OR '1'='1"],
    "rep": ["X06", "' OR 1=1 --", "<script>alert(1)</script>"],
    "from": "2026-01'; DROP TABLE loads; --",
}


def walk(node: Any) -> Iterator[Any]:
    """Every element and block under an AppTest node."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def elements(at: AppTest) -> list[Any]:
    return [*walk(at.main), *walk(at.sidebar)]


def frame_texts(at: AppTest) -> set[str]:
    """Every text cell and column name of every dataframe on the page."""
    out: set[str] = set()
    for el in elements(at):
        if getattr(el, "type", None) == "dataframe":
            frame = el.value
            out.update(str(c) for c in frame.columns)
            for column in frame.columns:
                out.update(v for v in frame[column].tolist() if isinstance(v, str))
    return out


def html_bodies(at: AppTest) -> list[tuple[str, str]]:
    """What the page renders as HTML, with its kind: st.html (no Markdown: the print-only copies
    of tables, components/printing.py) and markdown with unsafe_allow_html."""
    out = []
    for el in elements(at):
        kind = getattr(el, "type", None)
        if kind == "html" or (kind in ("markdown", "caption") and el.proto.allow_html):
            out.append((str(kind), str(el.value)))
    return out


def markdown_texts(at: AppTest) -> list[tuple[str, str]]:
    """(kind, text) of everything Streamlit renders as markdown: bodies, titles, labels."""
    out = []
    for el in elements(at):
        kind = getattr(el, "type", None)
        if kind in ("markdown", "caption", "title", "header", "subheader"):
            out.append((kind, str(el.value)))
        elif kind in ("error", "warning", "info", "success"):
            out.append((kind, str(el.value)))
        elif kind in ("expander", "tab"):
            out.append((kind, str(el.label)))
        elif kind == "metric":
            out.append((kind, str(el.label)))
    return out


HTML_SPECIAL = re.compile(r"[<>&\"']")


def assert_no_user_html(at: AppTest) -> None:
    """User text never reaches HTML unescaped. In st.html (which does not read Markdown) only
    text with an HTML character would change once escaped; in Markdown with HTML, any payload."""
    for kind, body in html_bodies(at):
        for text in (*PAYLOADS, *REGIONS, "Manager <b>M</b>"):
            if kind == "html" and not HTML_SPECIAL.search(text):
                continue
            assert text not in body, f"user text rendered as HTML: {body[:200]!r}"


@pytest.mark.parametrize("page", PAGES)
def test_hostile_query_params_do_not_crash(app_on: Any, payload_db: Path, page: str) -> None:
    at = app_on(payload_db, page=page, query=HOSTILE_QUERY)
    assert not at.exception, [e.value for e in at.exception]
    assert_no_user_html(at)


def test_the_pipeline_page_shows_every_name_as_text(app_on: Any, payload_db: Path) -> None:
    at = app_on(payload_db, page="pipeline")
    assert not at.exception, [e.value for e in at.exception]
    shown = frame_texts(at)
    missing = [p for p in PAYLOADS if p not in shown]
    assert not missing, f"not in any table: {missing}"
    assert_no_user_html(at)


@pytest.mark.parametrize(("rep", "name"), [REPS[3], REPS[5], REPS[6]])
def test_the_team_page_shows_the_rep_as_text(
    app_on: Any, payload_db: Path, rep: str, name: str
) -> None:
    index = [r for r, _ in REPS].index(rep)
    at = app_on(payload_db, page="team", query={"rep": rep})
    assert not at.exception, [e.value for e in at.exception]
    focus = at.selectbox(key="tm_focus")
    assert focus.value == rep
    assert f"{name} ({rep})" in focus.options  # widget options are plain text
    # the rep's open deals: one named after the rep, one with the rep as the account
    assert name in frame_texts(at)
    # the tiles' caption names the region, escaped for markdown (dashboard/components/kpi.py)
    from dashboard.components.tables import escape_markdown

    captions = [c.value for c in at.caption]
    region = region_of(index)
    assert any(escape_markdown(region) in c for c in captions), captions
    if escape_markdown(region) != region:
        assert not any(region in c for c in captions), "region caption not escaped"
    assert_no_user_html(at)


@pytest.mark.parametrize("page", ["team", "weekly"])
def test_no_page_renders_a_name_as_markdown(app_on: Any, payload_db: Path, page: str) -> None:
    at = app_on(payload_db, page=page, query={"rep": "X06"} if page == "team" else None)
    raw = [
        (kind, text)
        for kind, text in markdown_texts(at)
        if any(p in text for p in (*MARKDOWN_PAYLOADS, REGIONS[2]))
    ]
    assert not raw, raw


# -- CSV downloads ---------------------------------------------------------------------------------
def _csv_rows(frame: pd.DataFrame) -> list[list[str]]:
    from dashboard.components.tables import to_csv_bytes

    return list(csv.reader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"), newline="")))


def test_csv_downloads_neutralise_formulas_and_keep_numbers() -> None:
    # a bare CR in a cell used to be written unquoted: the spreadsheet started a new row there
    names = [*PAYLOADS, "\t=1+1", "\r=1+1", "-1234.5", "-1,234.50", "Acme\rCorp", "Line\nbreak"]
    frame = pd.DataFrame(
        {
            "name": names,
            "amount": [-1500.5 + i for i in range(len(names))],
            "deals": [-3 + i for i in range(len(names))],
        }
    )
    header, *body = _csv_rows(frame)
    assert header == ["name", "amount", "deals"]
    assert len(body) == len(names)
    formulas = {*FORMULA_PAYLOADS, "\t=1+1", "\r=1+1"}
    for name, row in zip(names, body, strict=True):
        # a formula gets a leading apostrophe; plain numbers written as text stay as they are
        assert row[0] == ("'" + name if name in formulas else name)
    # numbers stay numbers: -1500.5, -1499.5, … and -3, -2, … as written
    assert [float(r[1]) for r in body] == [-1500.5 + i for i in range(len(names))]
    assert [int(r[2]) for r in body] == [-3 + i for i in range(len(names))]


def test_the_data_page_download_of_hostile_names_is_neutralised(samples_store: Store) -> None:
    """What the Data page's download buttons send: to_csv_bytes(table_frame(store, table))."""
    from dashboard.data import table_frame

    reps = table_frame(samples_store, "reps")
    deals = table_frame(samples_store, "snapshots")
    header, *body = _csv_rows(reps)
    by_rep = {row[header.index("rep")]: row for row in body}
    for rep, name in REPS:
        expected = "'" + name if name in FORMULA_PAYLOADS else name
        assert by_rep[rep][header.index("name")] == expected
    # region REGIONS[3] = '=HYPERLINK("http://r","r")' (reps X04 and X08)
    assert by_rep["X04"][header.index("region")] == "'" + REGIONS[3]
    header, *body = _csv_rows(deals[deals["opportunity_id"].str.startswith("XOPP-")])
    names = {row[header.index("opportunity_name")] for row in body}
    assert names == {"'" + p if p in FORMULA_PAYLOADS else p for p in PAYLOADS}
    amounts = sorted(float(row[header.index("amount")]) for row in body)
    assert amounts[:2] == [20_000.0, 20_001.0]  # 20,000 + i for the first two reps
