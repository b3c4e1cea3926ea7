"""The DuckDB -> Spark SQL translation (analytics/engines/spark_sql.py), without Spark.

The three places where plain sqlglot translates silently wrong are pinned here; the parity tests
(test_spark_parity.py, marker spark) run the same statements on both engines.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pytest
import sqlglot
from sqlglot import exp

from analytics.derived import OBJECTS
from analytics.engines.spark_sql import (
    QUALIFY_COLUMN,
    macros,
    schema_views,
    to_spark,
    translate_tree,
)
from analytics.sql import load_sql, sql_names


def plain(text: str) -> str:
    return sqlglot.transpile(text, read="duckdb", write="spark")[0]


def spark_dayofweek(d: date) -> int:
    # Spark's dayofweek: Sunday = 1, Monday = 2, ..., Saturday = 7
    return d.isoweekday() % 7 + 1


def _evaluate_with_dayofweek(spark_sql: str, d: date) -> int:
    """The translated projection evaluated for one date: DAYOFWEEK(...) replaced by Spark's value."""
    tree = sqlglot.parse_one(spark_sql, read="spark")
    projection = tree.expressions[0].transform(
        lambda n: exp.Literal.number(spark_dayofweek(d)) if isinstance(n, exp.DayOfWeek) else n
    )
    rows = duckdb.connect().execute(f"SELECT {projection.sql('duckdb')}").fetchall()
    return int(rows[0][0])


def test_isodow_is_monday_based_where_plain_sqlglot_is_not() -> None:
    monday = date(2026, 11, 23)
    ours = to_spark("SELECT isodow(d) FROM t")
    theirs = plain("SELECT isodow(d) FROM t")
    for offset in range(7):
        d = monday + timedelta(days=offset)
        # ISO: Monday 1 ... Sunday 7, as DuckDB's isodow
        assert _evaluate_with_dayofweek(ours, d) == offset + 1
    # plain sqlglot: Monday (dayofweek 2) -> (2 % 7) + 1 = 3, Sunday (1) -> 2
    assert _evaluate_with_dayofweek(theirs, monday) == 3
    assert _evaluate_with_dayofweek(theirs, monday + timedelta(days=6)) == 2


def test_range_keeps_its_last_element() -> None:
    # DuckDB: range(0, 10, 3) = 0, 3, 6, 9 (end excluded)
    assert [r[0] for r in duckdb.sql("SELECT * FROM range(0, 10, 3)").fetchall()] == [0, 3, 6, 9]
    theirs = plain("SELECT * FROM range(0, 10, 3) AS t(k)")
    # plain sqlglot: sequence(0, 10 - 3, 3) = sequence(0, 7, 3) = 0, 3, 6: the 9 is lost
    assert "SEQUENCE(0, 7, 3)" in theirs
    ours = to_spark("SELECT * FROM range(0, 10, 3) AS t(k)")
    # ours: sequence(0, 10, 3) = 0, 3, 6, 9 filtered to < 10 = 0, 3, 6, 9; empty when 0 >= 10
    assert "FILTER(SEQUENCE((0), (10), (3)), __v -> __v < (10))" in ours
    assert "CASE WHEN (0) < (10)" in ours and "ELSE ARRAY() END" in ours


def test_qualify_returns_only_the_statements_columns() -> None:
    text = "SELECT * FROM t QUALIFY row_number() OVER (PARTITION BY a ORDER BY b) = 1"
    theirs = sqlglot.parse_one(plain(text), read="spark")
    # plain sqlglot: SELECT * FROM (SELECT *, ROW_NUMBER() ... AS _w FROM t) WHERE _w = 1 -> _w leaks
    assert isinstance(theirs, exp.Select) and theirs.expressions[0].args.get("except_") is None
    ours = sqlglot.parse_one(to_spark(text), read="spark")
    assert isinstance(ours, exp.Select)
    star = ours.expressions[0]
    assert isinstance(star, exp.Star)
    assert [c.name for c in star.args["except_"]] == [QUALIFY_COLUMN]


def test_qualify_sees_select_aliases() -> None:
    out = to_spark("SELECT b AS c FROM t QUALIFY row_number() OVER (PARTITION BY c ORDER BY a) = 1")
    assert "PARTITION BY (b)" in out


def test_asof_join_keeps_the_greatest_key_not_after_the_left_value() -> None:
    out = to_spark("SELECT * FROM m ASOF LEFT JOIN d ON m.x >= d.y AND m.r = d.r")
    assert "ASOF JOIN" not in out.upper()
    assert "LEAD(y) OVER (PARTITION BY r ORDER BY y" in out
    assert "(d.__asof_next IS NULL OR m.x < d.__asof_next)" in out
    assert out.startswith("SELECT * FROM m LEFT JOIN")


def test_date_differences_count_boundaries_as_duckdb_does() -> None:
    out = to_spark("SELECT date_diff('month', a, b), date_diff('day', a, b) FROM t")
    assert "(YEAR((b)) * 12 + MONTH((b))) - (YEAR((a)) * 12 + MONTH((a)))" in out
    assert "DATEDIFF(b, a)" in out


def test_list_parameters_are_typed_arrays_and_len_is_size() -> None:
    out = to_spark(
        "SELECT in_filter(rep, region, $regions, $reps) FROM t", {"regions": [], "reps": ["r1"]}
    )
    assert "SIZE(CAST(:regions AS ARRAY<STRING>)) = 0" in out
    assert "ARRAY_CONTAINS(CAST(:reps AS ARRAY<STRING>), rep)" in out
    assert "LENGTH" not in out


def test_rowid_becomes_the_lakes_row_key() -> None:
    assert "s.row_key" in to_spark("SELECT s.rowid FROM snapshots s")


def test_every_macro_of_the_schema_is_known() -> None:
    names = set(macros())
    assert {"fiscal_quarter_start", "working_days", "scope_targets", "snapshot_as_of"} <= names
    assert {"latest_snapshot", "snapshot_index_as_of"} <= names
    assert set(schema_views()) == {"rep_dim", "targets_current", "actual_bookings"}


SPARK_STATEMENTS = [f"derived/{n}" for n in OBJECTS] + [
    n for n in sql_names() if n.startswith(("metrics/", "views/"))
]


@pytest.mark.parametrize("name", SPARK_STATEMENTS)
def test_every_statement_translates_without_duckdb_only_syntax(name: str) -> None:
    tree = translate_tree(load_sql(name))
    out = tree.sql(dialect="spark", comments=False)
    calls = {str(a.this).lower() for a in tree.find_all(exp.Anonymous)}
    assert not calls & set(macros()), f"macro left in {name}: {calls & set(macros())}"
    assert not tree.find(exp.Qualify)
    assert "ASOF JOIN" not in out.upper() and "$" not in out
    assert "rowid" not in out.lower() and "TO_DAYS" not in out and "TO_MONTHS" not in out


def test_division_is_in_double_as_in_duckdb() -> None:
    # DuckDB: 2780100.00 / 2692000.00 = 1.03272659733... (DOUBLE); Spark's DECIMAL division
    # would keep 6 decimals (1.032727)
    assert "CAST(actual AS DOUBLE) / commit" in to_spark("SELECT actual / commit FROM t")
