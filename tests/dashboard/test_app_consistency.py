"""One page, one number: the tiles, charts and tables of a page agree on the same quantity.

Run with AppTest on the small hand-checked store of test_app_weekly_monthly.py (the arithmetic is
in its `build_small` docstring). A chart's title is read from the Plotly figure the page sends.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dashboard.i18n import TEXTS
from tests.analytics.fixtures import add_reps, add_snapshots, add_targets, at, make_store
from tests.dashboard.test_app_weekly_monthly import build_small, monthly, row_of, table_with, tiles

pytest_plugins = ("tests.app.fixtures",)
EN = TEXTS["en"]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small(tmp_path_factory.mktemp("consistency") / "forecast.duckdb")


def chart_titles(app: Any) -> dict[str, str]:
    """The title of every Plotly chart of the page, by its widget key."""
    titles: dict[str, str] = {}
    for element in app.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        title = spec.get("layout", {}).get("title", {})
        text = title.get("text", "") if isinstance(title, dict) else str(title)
        titles[element.proto.id] = text
    return titles


def test_monthly_tiles_table_and_charts_show_one_number(app_on: Any, small: Path) -> None:
    app = monthly(app_on, small, month="2026-02")
    shown = tiles(app)
    company = row_of(table_with(app, "Cover"), "Rep", "Company total")
    # M8, review 2026-02: n1 and s1 forecast 1300 a month (review 2026-02), n2 500 (review
    # 2026-01, its latest); stretch targets exist for Feb-Dec 2026 only (11 months):
    # 11 * (1300 + 500 + 1300) / (11 * (1300 + 650 + 1300)) = 3100 / 3250 = 95.4%.
    assert shown[EN["mo_kpi_m8"]] == "95.4%"
    assert company["Cover"] == "95.4%"
    m8_title = next(v for k, v in chart_titles(app).items() if k.endswith("mo_chart_m8_months"))
    assert "(cover 95.4%)" in m8_title
    # M14m: n1 on time, s1 late, n2 missing: 1 of 3.
    assert shown[EN["mo_kpi_m14m"]] == "33%"
    assert company["On time"].startswith("33%")
    # M10 company: open pipeline 500 at 2026-01-26, 1000 at 2026-02-23: +100%.
    assert shown[EN["mo_kpi_m10"]] == "100.0%"
    assert company["Pipeline growth"] == "100.0%"
    # M11s: the tile, the table's company row and the quality table's score row agree.
    quality = table_with(app, "Component")
    score = quality.iloc[-1]["This month"]
    assert shown[EN["mo_kpi_m11s"]] == score == company["Quality"].split(" ")[0]


@pytest.fixture
def before_first_monday(tmp_path: Path, clock: Any) -> Path:
    """Thursday 2026-12-03: the 2026-11 review was submitted, the 2026-12 one is due on Monday
    2026-12-07 09:00; the latest snapshot is 2026-11-30 (a November snapshot)."""
    clock("2026-12-03T12:00")
    store = make_store(tmp_path / "forecast.duckdb")
    add_reps(store, [("n1", "North")])
    add_targets(
        store,
        [("rep", "n1", f"{y}-{m:02d}", 1000, 1300) for y in (2026, 2027) for m in range(1, 13)],
    )
    add_snapshots(
        store,
        [
            ("2026-10-26", "d1", "n1", 60, 800, "2026-12-15", "pipeline", None),
            ("2026-11-30", "d1", "n1", 60, 900, "2026-12-15", "pipeline", None),
        ],
    )
    with store.transaction() as cur:
        for k in range(12):  # review 2026-11: Nov 2026 .. Oct 2027, 1200 a month
            month = date(2026 + (10 + k) // 12, (10 + k) % 12 + 1, 1)
            cur.execute(
                "INSERT INTO forecasts (rep, review_month, submitted_at, month, forecast, "
                "load_id) VALUES (?, ?, ?, ?, ?, 1)",
                ["n1", date(2026, 11, 1), at("2026-11-02 08:00"), month, 1200],
            )
    store.close()
    return tmp_path / "forecast.duckdb"


def test_a_review_not_yet_due_says_so_everywhere(app_on: Any, before_first_monday: Path) -> None:
    app = monthly(app_on, before_first_monday, month="2026-12")
    assert app.query_params["month"] in ("2026-12", ["2026-12"])
    by_label = {m.label: m for m in app.metric}
    m8 = by_label[EN["mo_kpi_m8"]]
    assert m8.value == "—"
    assert "due 2026-12-07 09:00" in page_text(app)
    m8_title = next(v for k, v in chart_titles(app).items() if k.endswith("mo_chart_m8_months"))
    assert "cover" not in m8_title  # no number the tile does not show
    texts = page_text(app)
    assert "(2027-11)" in texts  # the month no forecast reaches yet is named
    # M10/M11 of December: the 2026-11-30 snapshot exists but belongs to November.
    assert (
        "no pipeline snapshot in 2026-12 yet; the latest, 2026-11-30, belongs to 2026-11" in texts
    )
    assert "days old" not in texts
    for key in ("mo_kpi_m10", "mo_kpi_m10c", "mo_kpi_m11s"):
        assert by_label[EN[key]].value == "—"


def page_text(app: Any) -> str:
    parts = [str(getattr(e, "value", "")) for e in (*app.markdown, *app.caption)]
    return "\n".join(parts)
