"""One SQL, two engines: a statement of sql/ and its bound parameters as Spark SQL.

The SQL of sql/ is written for DuckDB. `to_spark(text, params)` turns it into Spark SQL with
sqlglot (parse as DuckDB, write as Spark) plus the project's own rewrites, applied to the parsed
tree before Spark SQL is written:

1. macros: every macro of sql/schema.sql and sql/derived/macros/ is inlined (its parameters
   replaced by the call's arguments, nested macros too); the table macro scope_targets becomes a
   sub-query. working_days, whose DuckDB body walks a correlated range(), gets a Spark body of
   the same meaning (`WORKING_DAYS_SPARK`).
2. isodow(d): Monday = 1 … Sunday = 7. sqlglot writes ((dayofweek(d) % 7) + 1), a Sunday-based
   number (Monday = 3); here it is ((dayofweek(d) + 5) % 7) + 1.
3. range(a, b[, step]) in FROM (end excluded): sqlglot writes sequence(a, b - step, step), which
   drops the last element whenever b - a is not a multiple of step (range(0, 10, 3) is 0, 3, 6, 9;
   sequence(0, 7, 3) is 0, 3, 6). Here: filter(sequence(a, b, step), x -> x < b) when a < b, else
   an empty array, as a (LATERAL) sub-query exploding it under the range's alias.
4. QUALIFY: sqlglot wraps the query and filters on a helper column `_w` that `SELECT *` then
   returns as an extra column. Here the wrapper selects `* EXCEPT (helper)`, so the columns are
   exactly those of the statement; select aliases named in QUALIFY are expanded first.
5. ASOF [LEFT] JOIN r ON eq AND left >= r.key: Spark has none. The right side gets the next key
   of its partition (lead over the equality columns), and the join keeps the row whose key is the
   greatest one <= left: eq AND left >= r.key AND (next IS NULL OR left < next).
6. Date arithmetic: to_days/to_hours/to_months become make_dt_interval/make_ym_interval;
   date_diff('day', a, b) becomes datediff(b, a) and date_diff('month', a, b) the difference of
   year * 12 + month (DuckDB counts boundaries; Spark's datediff(MONTH, …) counts whole months).
7. len(list) becomes size(list) (sqlglot writes LENGTH, a string function in Spark); a list
   parameter is bound as an array and cast to its element type, so an empty list has a type.
8. rowid: the lake stores a stable row key per snapshot row (column `row_key`), which the SQL's
   `rowid` becomes.
9. a / b: DuckDB divides DECIMAL and integer operands as DOUBLE; Spark keeps a DECIMAL of at most
   6 decimals (1.032727 for 1.03272659733). The dividend is cast to DOUBLE.

Only sqlglot is needed here (no pyspark): the translation and its tests run without Java.
Values stay bound: parameters are written as Spark named markers (:name) and passed to
spark.sql(…, args=…) by analytics/engines/spark.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import sqlglot
from sqlglot import exp

from analytics.sql import load_sql

ROW_KEY = "row_key"  # the lake's stable row key of a snapshot row (rowid in the store)
QUALIFY_COLUMN = "__qualify"
ASOF_NEXT = "__asof_next"

# working_days(d0, d1, weekdays, holidays): weekdays in [d0, d1) listed in `weekdays` (0 = Monday)
# and not in `holidays`; the same meaning as the macro of sql/schema.sql, without a correlated
# table function.
WORKING_DAYS_SPARK = """
CASE WHEN CAST(d0 AS DATE) < CAST(d1 AS DATE) THEN
    size(filter(sequence(CAST(d0 AS DATE), date_sub(CAST(d1 AS DATE), 1)),
                __day -> array_contains(weekdays, (dayofweek(__day) + 5) % 7)
                         AND NOT array_contains(holidays, __day)))
ELSE 0 END
"""
ISODOW_SPARK = "((dayofweek(__x) + 5) % 7) + 1"
RANGE_SPARK = "CASE WHEN __a < __b THEN filter({seq}, __v -> __v < __b) ELSE array() END"


class TranslationError(ValueError):
    """A statement that the translation cannot turn into Spark SQL."""


@dataclass(frozen=True)
class Macro:
    name: str
    params: tuple[str, ...]
    body: exp.Expression
    table: bool


_MACRO = re.compile(
    r"CREATE\s+OR\s+REPLACE\s+MACRO\s+(\w+)\s*\(([^)]*)\)\s+AS\s+(TABLE\s+)?(.*)",
    re.IGNORECASE | re.DOTALL,
)
_VIEW = re.compile(r"CREATE\s+OR\s+REPLACE\s+VIEW\s+(\w+)\s+AS\s+(.*)", re.IGNORECASE | re.DOTALL)


def _parse(text: str, dialect: str) -> exp.Expression:
    tree = sqlglot.parse_one(text, read=dialect)
    assert isinstance(tree, exp.Expression)
    return tree


def _statements(text: str) -> list[str]:
    """The statements of a script of statements ending in ';' at a line end, comments dropped."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in re.split(r";\s*\n", "\n".join(lines) + "\n") if s.strip()]


@cache
def macros() -> dict[str, Macro]:
    """Every macro of sql/schema.sql and sql/derived/macros/, parsed once."""
    texts = _statements(load_sql("schema"))
    for name in _derived_macros():
        texts += _statements(load_sql(f"derived/macros/{name}"))
    out: dict[str, Macro] = {}
    for text in texts:
        m = _MACRO.match(text)
        if not m:
            continue
        name = m.group(1).lower()
        params = tuple(p.strip().lower() for p in m.group(2).split(",") if p.strip())
        body_text = WORKING_DAYS_SPARK if name == "working_days" else m.group(4)
        body = _parse(body_text, "spark" if name == "working_days" else "duckdb")
        out[name] = Macro(name, params, body, table=bool(m.group(3)))
    return out


def _derived_macros() -> tuple[str, ...]:
    from analytics.derived import MACROS

    return MACROS


@cache
def schema_views() -> dict[str, str]:
    """The views of sql/schema.sql (rep_dim, targets_current, actual_bookings): name -> SELECT."""
    out: dict[str, str] = {}
    for text in _statements(load_sql("schema")):
        m = _VIEW.match(text)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def _substitute(body: exp.Expression, macro: Macro, args: list[exp.Expression]) -> exp.Expression:
    if len(args) != len(macro.params):
        raise TranslationError(
            f"macro {macro.name} takes {len(macro.params)} arguments, got {len(args)}"
        )
    values = dict(zip(macro.params, args, strict=True))

    def swap(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and not node.table and node.name.lower() in values:
            arg = values[node.name.lower()].copy()
            return (
                arg
                if isinstance(arg, exp.Column | exp.Literal | exp.Placeholder)
                else exp.Paren(this=arg)
            )
        return node

    return body.copy().transform(swap)


def _macro_call(node: exp.Expression) -> tuple[Macro, list[exp.Expression]] | None:
    """The macro and arguments of a call to a macro (sqlglot may have parsed it as a function)."""
    known = macros()
    if isinstance(node, exp.Anonymous):
        name = str(node.this).lower()
        if name in known:
            return known[name], list(node.expressions)
    return None


def inline_macros(tree: exp.Expression) -> exp.Expression:
    """Replace every macro call by its body, until none is left."""
    for _ in range(20):
        changed = False

        def expand(node: exp.Expression) -> exp.Expression:
            nonlocal changed
            if isinstance(node, exp.Table) and isinstance(node.this, exp.Anonymous):
                call = _macro_call(node.this)
                if call and call[0].table:
                    changed = True
                    body = _substitute(call[0].body, call[0], call[1])
                    alias = node.args.get("alias") or exp.TableAlias(
                        this=exp.to_identifier(call[0].name)
                    )
                    return exp.Subquery(this=body, alias=alias.copy())
            call = _macro_call(node)
            if call:
                changed = True
                body = _substitute(call[0].body, call[0], call[1])
                if isinstance(body, exp.Subquery | exp.Paren):
                    return body
                return exp.Paren(this=body)
            return node

        tree = tree.transform(expand)
        if not changed:
            return tree
    raise TranslationError("macros nested more than 20 deep")


def _template(text: str, **parts: exp.Expression) -> exp.Expression:
    """Parse a Spark SQL template and put copies of `parts` where its columns __name stand."""
    tree = _parse(text, "spark")

    def put(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and not node.table and node.name.startswith("__"):
            key = node.name[2:]
            if key in parts:
                return exp.Paren(this=parts[key].copy())
        return node

    return tree.transform(put)


def _rewrite_functions(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Column) and node.name.lower() == "rowid":
        return exp.column(ROW_KEY, table=node.table or None)
    if isinstance(node, exp.DayOfWeekIso):
        return exp.Paren(this=_template(ISODOW_SPARK, x=node.this))
    if isinstance(node, exp.ToDays):
        return exp.Anonymous(this="make_dt_interval", expressions=[_int(node.this)])
    if isinstance(node, exp.Anonymous) and str(node.this).lower() in ("to_hours", "to_months"):
        (arg,) = node.expressions
        if str(node.this).lower() == "to_hours":
            return exp.Anonymous(
                this="make_dt_interval", expressions=[exp.Literal.number(0), _int(arg)]
            )
        return exp.Anonymous(
            this="make_ym_interval", expressions=[exp.Literal.number(0), _int(arg)]
        )
    if isinstance(node, exp.DateDiff):
        unit = str(node.args.get("unit") or "day").lower()
        end, start = node.this, node.expression
        if unit == "day":
            return exp.Anonymous(this="datediff", expressions=[end.copy(), start.copy()])
        if unit == "month":
            return exp.Paren(
                this=_template(
                    "(year(__e) * 12 + month(__e)) - (year(__s) * 12 + month(__s))", e=end, s=start
                )
            )
        raise TranslationError(f"date_diff unit {unit!r} has no Spark rewrite")
    if isinstance(node, exp.Div) and not _is_double(node.this):
        return exp.Div(
            this=exp.Cast(this=node.this.copy(), to=exp.DataType.build("DOUBLE")),
            expression=node.expression.copy(),
        )
    if isinstance(node, exp.Length) and isinstance(
        node.this, exp.Placeholder | exp.Array | exp.Cast
    ):
        return exp.Anonymous(this="size", expressions=[node.this.copy()])
    return node


def _is_double(e: exp.Expression) -> bool:
    return isinstance(e, exp.Cast) and e.to.this == exp.DataType.Type.DOUBLE


def _int(e: exp.Expression) -> exp.Expression:
    return exp.Cast(this=e.copy(), to=exp.DataType.build("INT"))


def _range_table(node: exp.Table, lateral: bool) -> exp.Expression:
    """range(a, b[, step]) AS t(c) -> (LATERAL) (SELECT explode(<elements>) AS c) AS t."""
    series = node.this
    assert isinstance(series, exp.GenerateSeries)
    start, end, step = series.args["start"], series.args["end"], series.args.get("step")
    seq = "sequence(__a, __b, __s)" if step is not None else "sequence(__a, __b)"
    parts = {"a": start, "b": end}
    if step is not None:
        parts["s"] = step
    elements = _template(RANGE_SPARK.format(seq=seq), **parts)
    alias = node.args.get("alias")
    if not isinstance(alias, exp.TableAlias) or len(alias.columns) != 1:
        raise TranslationError("range() in FROM needs an alias with one column, e.g. AS t(d)")
    column = alias.columns[0].copy()
    select = exp.select(exp.alias_(exp.Explode(this=elements), column))
    table_alias = exp.TableAlias(this=alias.this.copy())
    if lateral:
        return exp.Lateral(this=exp.Subquery(this=select), alias=table_alias)
    return exp.Subquery(this=select, alias=table_alias)


def _rewrite_ranges(select: exp.Select) -> None:
    src = select.args.get("from_") or select.args.get("from")
    if (
        src is not None
        and isinstance(src.this, exp.Table)
        and isinstance(src.this.this, exp.GenerateSeries)
    ):
        src.set("this", _range_table(src.this, lateral=False))
    for join in select.args.get("joins") or []:
        if isinstance(join.this, exp.Table) and isinstance(join.this.this, exp.GenerateSeries):
            join.set("this", _range_table(join.this, lateral=True))


def _conjuncts(cond: exp.Expression) -> list[exp.Expression]:
    if isinstance(cond, exp.And):
        return _conjuncts(cond.this) + _conjuncts(cond.expression)
    if isinstance(cond, exp.Paren):
        return _conjuncts(cond.this)
    return [cond]


def _rewrite_asof(select: exp.Select) -> None:
    for join in select.args.get("joins") or []:
        if str(join.args.get("method") or "").upper() != "ASOF":
            continue
        right = join.this
        alias = right.alias_or_name
        on = join.args.get("on")
        if on is None or not alias:
            raise TranslationError("ASOF JOIN needs ON and a named right side")
        eq_cols: list[exp.Expression] = []
        inequality: tuple[exp.Expression, exp.Column] | None = None
        for c in _conjuncts(on):
            if isinstance(c, exp.EQ):
                for side in (c.this, c.expression):
                    if isinstance(side, exp.Column) and side.table == alias:
                        eq_cols.append(exp.column(side.name))
            elif isinstance(c, exp.GTE | exp.LTE):
                left, key = (
                    (c.this, c.expression) if isinstance(c, exp.GTE) else (c.expression, c.this)
                )
                if not (isinstance(key, exp.Column) and key.table == alias):
                    raise TranslationError(
                        "ASOF JOIN: the right side's key must be on the right of >="
                    )
                inequality = (left, key)
            else:
                raise TranslationError(f"ASOF JOIN condition not supported: {c.sql('duckdb')}")
        if inequality is None:
            raise TranslationError("ASOF JOIN without an inequality")
        left, key = inequality
        window = exp.Window(
            this=exp.Anonymous(this="lead", expressions=[exp.column(key.name)]),
            partition_by=eq_cols or None,
            order=exp.Order(expressions=[exp.Ordered(this=exp.column(key.name))]),
        )
        source = right.copy()
        source.set("alias", None)
        inner = exp.select(exp.Star(), exp.alias_(window, ASOF_NEXT)).from_(source)
        join.set(
            "this", exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier(alias)))
        )
        nxt = exp.column(ASOF_NEXT, table=alias)
        bound = exp.Or(
            this=exp.Is(this=nxt, expression=exp.Null()),
            expression=exp.LT(this=left.copy(), expression=nxt.copy()),
        )
        join.set("on", exp.And(this=exp.Paren(this=on.copy()), expression=exp.Paren(this=bound)))
        join.set("method", None)


def _rewrite_qualify(select: exp.Select) -> exp.Expression:
    qualify = select.args.get("qualify")
    if qualify is None:
        return select
    cond = qualify.this.copy()
    aliases = {e.alias: e.this for e in select.expressions if isinstance(e, exp.Alias) and e.alias}

    def expand(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and not node.table and node.name in aliases:
            target = aliases[node.name]
            if not (isinstance(target, exp.Column) and target.name == node.name):
                return exp.Paren(this=target.copy())
        return node

    cond = cond.transform(expand)
    inner = select.copy()
    inner.set("qualify", None)
    with_ = inner.args.get("with_") or inner.args.get("with")
    inner.set("with_", None)
    inner.set("with", None)
    inner.select(exp.alias_(cond, QUALIFY_COLUMN), copy=False)
    star = exp.Star(except_=[exp.column(QUALIFY_COLUMN)])
    outer = (
        exp.select(star)
        .from_(exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("__q"))))
        .where(exp.column(QUALIFY_COLUMN))
    )
    if with_ is not None:
        outer.set("with_", with_)
    return outer


def _list_type(name: str, values: list[Any]) -> str:
    sample = next((v for v in values if v is not None), None)
    if isinstance(sample, datetime):
        return "TIMESTAMP"
    if isinstance(sample, date) or (sample is None and name == "holidays"):
        return "DATE"
    if isinstance(sample, bool):
        return "BOOLEAN"
    if isinstance(sample, int) or (sample is None and name.endswith("weekdays")):
        return "INT"
    if isinstance(sample, float):
        return "DOUBLE"
    return "STRING"


def translate_tree(text: str, params: Mapping[str, Any] | None = None) -> exp.Expression:
    """The parsed statement with every rewrite of the module docstring applied."""
    try:
        tree = _parse(text, "duckdb")
    except sqlglot.errors.ParseError as exc:
        raise TranslationError(f"cannot parse: {exc}") from exc
    tree = inline_macros(tree)
    for _ in range(5):  # a rewritten node's arguments may hold more to rewrite
        before = tree.sql("duckdb")
        tree = tree.transform(_rewrite_functions)
        if tree.sql("duckdb") == before:
            break
    for select in list(tree.find_all(exp.Select)):
        _rewrite_ranges(select)
        _rewrite_asof(select)
    tree = tree.transform(lambda n: _rewrite_qualify(n) if isinstance(n, exp.Select) else n)
    lists = {k: v for k, v in (params or {}).items() if isinstance(v, list | tuple)}
    if lists:

        def cast_lists(node: exp.Expression) -> exp.Expression:
            if isinstance(node, exp.Placeholder) and str(node.this) in lists:
                name = str(node.this)
                kind = _list_type(name, list(lists[name]))
                return exp.Cast(
                    this=node.copy(), to=exp.DataType.build(f"ARRAY<{kind}>", dialect="spark")
                )
            return node

        tree = tree.transform(cast_lists)
    return tree


def to_spark(text: str, params: Mapping[str, Any] | None = None) -> str:
    """Spark SQL for a DuckDB statement of sql/ (its parameters stay named markers :name)."""
    return translate_tree(text, params).sql(dialect="spark")


def used_params(text: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters a statement names ($name), as the metrics bind them."""
    return {k: v for k, v in params.items() if re.search(rf"\${re.escape(k)}\b", text)}
