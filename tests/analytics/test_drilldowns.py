"""A number and the list behind it add up: M14, M14m, M6, M6c and M4 against their drill-downs.

M14 and M14m come from one table macro each (expected_calls, expected_forecasts in
sql/derived/macros/); these tests check every period and scope of the number against the rows,
on a small hand fixture (the counts are worked out in the comments) and on a one-year demo.
M6/M6c (conversion) and M4 (unrealized orders) are checked cell by cell on the demo.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from analytics.demo import build_demo
from analytics.metrics import MetricQuery, get_metric
from analytics.metrics.bookings import Category, bookings_behind, conversion_behind
from analytics.metrics.commit import commit_list
from analytics.metrics.common import run_sql, to_float
from analytics.metrics.discipline import forecast_submissions_behind, submissions_behind
from analytics.metrics.pipeline import past_due_deals, pipeline_deals, stale_deals
from analytics.store import Store
from tests.analytics.fixtures import add_calls, add_forecasts, add_reps, at, make_store
from tests.analytics.test_metrics_discipline import CALLS, REPS

COUNTS = ["on_time", "expected", "late", "missing"]
QUERIES = [
    MetricQuery(by=by, grain=grain)
    for by in ("rep", "region", "company")
    for grain in ("week", "month", "quarter")
]


def counted(rows: pd.DataFrame) -> pd.DataFrame:
    """The four counts of the number, counted from its rows (not_due rows are not expected)."""
    status = rows["status"]
    frame = pd.DataFrame(
        {
            "period": rows["period"],
            "scope": rows["scope"],
            "on_time": status == "on_time",
            "expected": status != "not_due",
            "late": status == "late",
            "missing": status == "missing",
        }
    )
    return frame.groupby(["period", "scope"], as_index=False)[COUNTS].sum()


def reconcile(store: Store, metric: str, rows_sql: str, query: MetricQuery) -> pd.DataFrame:
    """Assert that every period and scope of the number equals its rows' counts; the number."""
    if metric == "M14m" and query.grain == "week":
        query = replace(query, grain="month")  # M14m reads a week grain as month
    number = get_metric(metric).compute(store, query)
    rows = to_float(run_sql(store, rows_sql, query, {"drill_period": None, "drill_scope": None}))
    mine = number[["period", "scope", *COUNTS]].astype({c: "int64" for c in COUNTS})
    theirs = counted(rows).astype({c: "int64" for c in COUNTS})
    key = ["period", "scope"]
    pd.testing.assert_frame_equal(
        mine.sort_values(key).reset_index(drop=True),
        theirs.sort_values(key).reset_index(drop=True),
    )
    return number


@pytest.fixture(scope="module")
def hand() -> Iterator[Store]:
    """The rep-weeks of test_metrics_discipline (W1–W3 of January 2026) and a month of forecasts."""
    store = make_store()
    add_reps(store, REPS)
    add_calls(store, CALLS)
    add_forecasts(
        store,
        [
            ("a1", "2026-01", at("2026-01-05 09:00")),  # on time
            ("c1", "2026-01", at("2026-01-05 09:30")),  # late; b1 missing; a2 not yet active
        ],
    )
    yield store
    store.close()


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.by}-{q.grain}")
def test_hand_fixture_numbers_add_up_to_their_rows(hand: Store, query: MetricQuery) -> None:
    reconcile(hand, "M14", "metrics/m14_rows", query)
    reconcile(hand, "M14m", "metrics/m14m_rows", query)


def test_hand_fixture_counts(hand: Store) -> None:
    q = MetricQuery(by="company", grain="month")
    m14 = reconcile(hand, "M14", "metrics/m14_rows", q)
    # January: expected W1 a1 b1 c1, W2 a1 a2 c1, W3 a1 a2 c1 = 9; on time 2 + 3 + 1 = 6;
    # late: a1 W3 = 1; missing: b1 W1, a2 W3 = 2 (6 + 1 + 2 = 9)
    assert m14[COUNTS].iloc[0].tolist() == [6, 9, 1, 2]
    m14m = reconcile(hand, "M14m", "metrics/m14m_rows", q)
    # January (deadline Mon 5 Jan 09:00): a1 on time, c1 late, b1 missing; a2 joins on 10 Jan
    assert m14m[COUNTS].iloc[0].tolist() == [1, 3, 1, 1]
    # the page's drill-down of one cell is the same list
    rows = submissions_behind(hand, q, date(2026, 1, 1), "company")
    assert len(rows) == 9 and (rows["status"] == "on_time").sum() == 6
    months = forecast_submissions_behind(hand, q, date(2026, 1, 1), "company")
    assert sorted(months["status"]) == ["late", "missing", "on_time"]


@pytest.fixture(scope="module")
def demo() -> Iterator[Store]:
    store = make_store()
    build_demo(store, seed=5, today=date(2026, 11, 27), n_reps=8, years=1)
    yield store
    store.close()


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.by}-{q.grain}")
def test_demo_numbers_add_up_to_their_rows(demo: Store, query: MetricQuery) -> None:
    m14 = reconcile(demo, "M14", "metrics/m14_rows", query)
    m14m = reconcile(demo, "M14m", "metrics/m14m_rows", query)
    assert m14["expected"].sum() > 0 and m14m["expected"].sum() > 0  # not two empty lists
    assert m14["late"].sum() + m14["missing"].sum() > 0  # the demo has late and missing calls


# -- the other numbers with a list behind them (M4, M5, M6, M11: this test keeps the
# -- two from drifting apart) -------------------------------------------------------------------

CELL_QUERIES = [MetricQuery(by="company", grain="month"), MetricQuery(by="region", grain="quarter")]


def cells(store: Store, sql_name: str, query: MetricQuery, **extra: object) -> pd.DataFrame:
    """The number's rows with their period_start (the metric's own output drops it)."""
    return to_float(run_sql(store, sql_name, query, extra))


@pytest.mark.parametrize("category", ["upside", "commit"])
@pytest.mark.parametrize("query", CELL_QUERIES, ids=lambda q: f"{q.by}-{q.grain}")
def test_demo_conversion_numbers_add_up_to_their_deals(
    demo: Store, query: MetricQuery, category: Category
) -> None:
    numbers = cells(demo, "metrics/m6", query, category=category)
    assert len(numbers) > 3
    for n in numbers.itertuples():
        deals = conversion_behind(demo, query, n.period_start, n.scope, category)
        converted = deals[deals["converted"]]
        assert (len(deals), len(converted)) == (n.deals, n.converted_deals)
        assert deals["amount"].sum() == pytest.approx(n.category_amount)
        assert converted["amount"].sum() == pytest.approx(n.converted_amount)


@pytest.mark.parametrize("query", CELL_QUERIES, ids=lambda q: f"{q.by}-{q.grain}")
def test_demo_unrealized_numbers_add_up_to_their_orders(demo: Store, query: MetricQuery) -> None:
    numbers = cells(demo, "metrics/m4", query)
    assert len(numbers) > 3 and numbers["unrealized"].sum() > 0
    for n in numbers.itertuples():
        orders = bookings_behind(demo, query, n.period_start, n.scope, include_cancelled=True)
        assert len(orders) == n.orders
        assert orders["amount"].sum() == pytest.approx(n.booked)
        assert orders.loc[orders["unrealized"], "amount"].sum() == pytest.approx(n.unrealized)
        cancelled = orders.loc[orders["status"] == "cancelled", "amount"].sum()
        assert cancelled == pytest.approx(n.cancelled)


def test_demo_commit_quality_numbers_add_up_to_their_deals(demo: Store) -> None:
    """M5 per rep and week: its commit, complete, weak and should-be counts are the list's rows."""
    query = MetricQuery(
        by="rep", grain="week", date_from=date(2026, 9, 7), date_to=date(2026, 11, 23)
    )
    numbers = cells(demo, "metrics/m5", query)
    numbers = numbers[numbers["commit_deals"].notna()]
    assert len(numbers) > 20 and numbers["weak_commits"].sum() > 0
    for n in numbers.itertuples():
        deals = commit_list(demo, query, n.period_start, n.scope)
        commits = deals[deals["forecast_category"] == "commit"]
        assert len(commits) == n.commit_deals, (n.period_start, n.scope)
        assert commits["amount"].sum() == pytest.approx(n.commit_amount)
        assert int(deals["weak_commit"].sum()) == n.weak_commits
        assert int(deals["should_be_commit"].sum()) == n.should_be_commits
        # M5's complete commit: the whole checklist AND a stage at or above the eligible one
        complete = commits["checklist_complete"].fillna(False).astype(bool) & ~commits[
            "weak_commit"
        ].astype(bool)
        assert int(complete.sum()) == n.complete_commits, (n.period_start, n.scope)


@pytest.mark.parametrize("by", ["company", "region", "rep"])
def test_demo_pipeline_quality_counts_add_up_to_their_deals(demo: Store, by: str) -> None:
    """M11 at the latest snapshot: stale, past-due and slipped counts are the deal lists' rows."""
    query = MetricQuery(by=by, grain="month")  # type: ignore[arg-type]
    numbers = cells(demo, "metrics/m11", query)
    numbers = numbers[numbers["snapshot_date"].notna()]
    assert len(numbers) >= 1 and numbers["past_due_deals"].sum() > 0
    for n in numbers.itertuples():
        every = pipeline_deals(demo, query, "all", n.scope)
        assert len(every) == n.open_deals, n.scope
        assert len(stale_deals(demo, query, n.scope)) == n.stale_deals, n.scope
        assert len(past_due_deals(demo, query, n.scope)) == n.past_due_deals, n.scope
        assert int(every["slipped_last"].sum()) == n.slipped_deals, n.scope
