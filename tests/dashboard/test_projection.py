"""M19 on the pages: the projection fan figure, and the Overview and Weekly pages on the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.components.projection_charts import projection_fan_figure
from dashboard.i18n import TEXTS

pytest_plugins = ("tests.app.fixtures",)
EN, ZH = TEXTS["en"], TEXTS["zh"]


def test_the_fan_draws_band_p50_booked_target_and_stretch() -> None:
    # Three weekly snapshots; the first without a projection (a gap, not a zero).
    fan = pd.DataFrame(
        {
            "week": [1, 2, 3],
            "p10": [None, 80.0, 90.0],
            "p50": [None, 100.0, 104.0],
            "p90": [None, 120.0, 115.0],
            "booked": [0.0, 10.0, 30.0],
            "target": [110.0] * 3,
            "stretch_target": [121.0] * 3,
        }
    )
    fig = projection_fan_figure(fan, "en")
    by_name = {trace.name: trace for trace in fig.data}
    assert set(by_name) == {"P90", EN["proj_band"], EN["proj_p50"], EN["proj_booked"],
                            EN["proj_target"], EN["proj_stretch"]}  # fmt: skip
    assert list(by_name[EN["proj_p50"]].x) == ["W1", "W2", "W3"]
    assert list(by_name[EN["proj_p50"]].y) == [None, 100.0, 104.0]
    assert by_name[EN["proj_band"]].fill == "tonexty"  # P10 filled up to the P90 trace before it
    assert list(by_name[EN["proj_stretch"]].y) == [121.0] * 3
    zh = projection_fan_figure(fan, "zh")
    assert {t.name for t in zh.data} >= {ZH["proj_p50"], ZH["proj_stretch"]}


def test_without_target_no_target_lines() -> None:
    fan = pd.DataFrame(
        {"week": [1], "p10": [1.0], "p50": [2.0], "p90": [3.0], "booked": [0.0],
         "target": [None], "stretch_target": [None]}
    )  # fmt: skip
    names = {trace.name for trace in projection_fan_figure(fan, "en").data}
    assert EN["proj_target"] not in names and EN["proj_stretch"] not in names


def _captions(at: Any) -> list[str]:
    return [c.value for c in at.caption]


def test_overview_shows_the_fan_and_the_band_record(app_on: Any, demo_db: Path) -> None:
    at = app_on(demo_db)
    assert not at.exception
    assert EN["proj_title"] in [h.value for h in at.subheader]
    captions = _captions(at)
    # The demo's history holds completed quarters: the record is a sentence with a share.
    record = [c for c in captions if c.startswith("In the last")]
    assert len(record) == 1 and "%" in record[0], captions


def test_weekly_shows_p50_beside_the_commit(app_on: Any, demo_db: Path) -> None:
    at = app_on(demo_db, page="weekly")
    assert not at.exception
    labels = {m.label: m.value for m in at.metric}
    assert EN["proj_kpi_p50"] in labels and EN["proj_kpi_commit"] in labels
    assert labels[EN["proj_kpi_p50"]] != EN["unavailable"]
    assert any(c.startswith("In the last") for c in _captions(at))
