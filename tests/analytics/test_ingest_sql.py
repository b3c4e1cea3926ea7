"""Every statement of sql/ingest binds in the context the loader runs it in.

The loader's SQL reads temporary tables and macros that exist only during a load, so it is
prepared here after building that context (a real read of a tiny file), table by table.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from analytics.ingest.columns import ALL_KEYS, TABLES, map_headers
from analytics.ingest.fastpath import TYPED, typed_name
from analytics.ingest.reader import install_macros
from analytics.sql import load_sql, sql_names
from analytics.store import Store

# Values for the named parameters; a name missing here binds NULL.
PARAMS: dict[str, object] = {
    "keep": ["rep"],
    "columns": {"rep": "VARCHAR"},
    "delim": ",",
    "new_line": "\\n",
    "dateformat": "%Y-%m-%d",
    "data_end": 100,
    "cap": 50,
    "first_rowid": 10,
    "blank_lines": [],
    "limit": 20,
    "load_id": 1,
    "load_ids": [1],
    "stage_names": ["lead"],
    "stage_values": [0.0],
    "lost_names": ["lost"],
    "probability_fraction": False,
    "has_probability": True,
    "has_week_start": True,
    "replace": False,
    "note": "x",
    "content_hash": "x",
    "table_name": "snapshots",
}


def _table_of(name: str) -> str | None:
    """The table whose staging context a statement needs (None: any)."""
    for table in TABLES:
        if name.endswith(f"/{table}") or name.endswith(f"/{table}_stored"):
            return table
        if name.endswith(f"/delete_{table}"):
            return table
    if name in ("ingest/derived_category_count", "ingest/snapshot_dates") or "derived_reps" in name:
        return "snapshots"
    if name == "ingest/level_problems":  # the level columns of calls (and forecasts)
        return "calls"
    return None


def _params(text: str, path: Path) -> dict[str, object]:
    names = set(re.findall(r"\$([A-Za-z_]\w*)", text))
    return {p: str(path) if p == "path" else PARAMS.get(p) for p in names}


def _run(cur: duckdb.DuckDBPyConnection, name: str, path: Path) -> None:
    text = load_sql(name)
    cur.execute(text, _params(text, path))


def _explain(cur: duckdb.DuckDBPyConnection, name: str, path: Path) -> str | None:
    text = load_sql(name)
    params = _params(text, path)
    try:
        cur.execute("EXPLAIN " + text, params)
    except duckdb.Error as exc:
        return f"sql/{name}.sql: {exc}"
    return None


def test_every_ingest_statement_prepares(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "tiny.csv"
    path.write_text("rep\nS01\n", encoding="utf-8")
    names = [n for n in sql_names() if n.startswith("ingest/")]
    cur = store.cursor()
    install_macros(cur)
    for name in (
        "ingest/raw_table",
        "ingest/read_csv",
        "ingest/blanks",
        "ingest/numbered",
        "ingest/rejects/keep",  # the table the other rejects statements work on
    ):
        _run(cur, name, path)
    failures: list[str] = []
    done: set[str] = set()
    for table, spec in TABLES.items():
        _run(cur, f"ingest/stage/{spec.stage_name}", path)
        if table != "reps":
            _run(cur, "ingest/rep_match", path)
        if table in ("calls", "forecasts"):
            _run(cur, "ingest/level_problems", path)
        _run(cur, f"ingest/errors/{table}", path)
        for name in names:
            if name in done or _table_of(name) not in (None, table):
                continue
            if table == "reps" and name == "ingest/rep_match":
                continue
            failure = _explain(cur, name, path)
            if failure:
                failures.append(failure)
            done.add(name)
    assert not failures, "\n".join(failures)
    assert done == set(names)


def test_the_raw_table_has_one_column_per_contract_column(store: Store) -> None:
    """sql/ingest/raw_table.sql and columns.ALL_KEYS must list the same columns (then the
    columns the fast path's reader types, analytics/ingest/fastpath.py)."""
    cur = store.cursor()
    cur.execute(load_sql("ingest/raw_table"))
    columns = [r[0] for r in cur.execute("DESCRIBE ingest_raw").fetchall()]
    assert columns == list(ALL_KEYS) + [typed_name(k) for k in TYPED]


def test_each_alias_belongs_to_one_column_per_table() -> None:
    """An alias that two columns of a table claimed would be silently taken by the first."""
    for spec in TABLES.values():
        seen: dict[str, str] = {}
        for col in spec.columns:
            for alias in col.aliases:
                key = map_headers(spec.name, [alias]).positions[0]
                assert key == col.key, f"{spec.name}: '{alias}' maps to {key}, not {col.key}"
                assert seen.setdefault(alias.casefold(), col.key) == col.key
