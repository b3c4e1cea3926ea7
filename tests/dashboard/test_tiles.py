"""Declarative KPI tiles: the row a tile reads, its format, band and caption, and 'n/a' on failure."""

from __future__ import annotations

import pandas as pd

from analytics.errors import UsageError
from dashboard.components.bands import UNAVAILABLE
from dashboard.components.filters import FilterState
from dashboard.components.kpi import TileSpec, build_tiles, row_of
from dashboard.context import PageContext
from tests.analytics.fixtures import make_store


def test_row_of_takes_the_row_of_the_period_asked_for_not_the_last() -> None:
    frame = pd.DataFrame({"period": ["2026-11-23", "2026-11-30"], "value": [0.5, 0.9]})
    row = row_of(frame, "2026-11-23")
    assert row is not None and row["value"] == 0.5
    assert row_of(frame, "2026-12-07") is None
    assert row_of(pd.DataFrame()) is None


def test_build_tiles_formats_bands_and_captions_and_turns_a_failure_into_na() -> None:
    ctx = PageContext(store=make_store(), filters=FilterState())
    specs = (
        TileSpec(
            "on-time",
            "M14",
            "wk_kpi_on_time",
            source="ok",
            value="rate",
            fmt="pct0",
            status=None,
            caption="wk_sub_on_time",
            fields=(("on_time", "on_time", "number"), ("expected", "expected", "number")),
        ),
        TileSpec("broken", "M4", "wk_kpi_on_time", source="broken"),
    )

    def broken() -> pd.Series:
        raise UsageError("no such thing")

    row = pd.Series({"rate": 0.75, "on_time": 3.0, "expected": 4.0})
    ok, failed = build_tiles(ctx, specs, {"ok": lambda: row, "broken": broken})
    assert ok.value == "75%"  # 3 of 4 calls on time
    assert ok.caption is not None and "3" in ok.caption and "4" in ok.caption
    assert ok.band.level in ("bad", "warn")  # 75% is below the default M14 expectation
    assert failed.band == UNAVAILABLE and failed.caption == "no such thing"
