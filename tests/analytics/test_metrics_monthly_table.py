"""analytics.metrics.monthly.review_table: the monthly review's table beside its weekly twin."""

from __future__ import annotations

from datetime import date

from analytics.metrics.base import MetricQuery
from analytics.metrics.monthly import REVIEW_COLUMNS, review_table
from tests.analytics.fixtures import make_store


def test_review_table_on_an_empty_store() -> None:
    table = review_table(
        make_store(), MetricQuery(as_of=date(2026, 1, 31)), date(2026, 1, 1), date(2026, 1, 1)
    )
    assert tuple(table.columns) == REVIEW_COLUMNS
    assert table.empty  # no rep, region or company has a number: no rows
