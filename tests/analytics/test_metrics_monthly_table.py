"""analytics.metrics.monthly.review_table: the monthly review's table beside its weekly twin."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.metrics import get_metric
from analytics.metrics.base import MetricQuery
from analytics.metrics.monthly import LEVELS, PARTS, REVIEW_COLUMNS, review, review_table
from analytics.store import Store
from tests.analytics import test_metrics_pipeline
from tests.analytics.fixtures import make_store

coverage = test_metrics_pipeline.coverage  # its hand-checked M9 store (snapshot 2026-02-02)


def test_review_table_on_an_empty_store() -> None:
    table = review_table(
        make_store(), MetricQuery(as_of=date(2026, 1, 31)), date(2026, 1, 1), date(2026, 1, 1)
    )
    assert tuple(table.columns) == REVIEW_COLUMNS
    assert table.empty  # no rep, region or company has a number: no rows


def test_review_keeps_the_frames_the_table_is_built_from(coverage: Store) -> None:
    # February 2026 read at its snapshot of 02-02; M9 for FY2026-Q1 (January to March).
    query = MetricQuery(as_of=date(2026, 2, 2))
    result = review(coverage, query, date(2026, 2, 1), date(2026, 1, 1))
    assert set(result.parts) == {(level, metric) for level in LEVELS for metric, _, _ in PARTS}
    # open closing in Q1 at the 02-02 snapshot: a1 x1 1200 + x2 300; North adds a2's x5 600;
    # the company adds b1's x7 450 (x3 won, x4 and x8 not open, x6 omitted)
    open_q1 = {
        level: dict(zip(frame["scope"], frame["open_pipeline"], strict=True))
        for (level, metric), frame in result.parts.items()
        if metric == "M9"
    }
    assert open_q1["rep"]["a1"] == 1500
    assert open_q1["region"]["North"] == 2100
    assert open_q1["company"]["company"] == 2550
    # the frame is the metric's own for that level, grain and period
    asked = MetricQuery(
        by="rep",
        grain="quarter",
        date_from=date(2026, 1, 1),
        date_to=date(2026, 1, 1),
        as_of=date(2026, 2, 2),
    )
    pd.testing.assert_frame_equal(
        result.parts[("rep", "M9")], get_metric("M9").compute(coverage, asked)
    )
    # the table is built from these frames: the same as review_table, company last
    assert list(result.table["scope"])[-1] == "company"
    pd.testing.assert_frame_equal(
        result.table, review_table(coverage, query, date(2026, 2, 1), date(2026, 1, 1))
    )
