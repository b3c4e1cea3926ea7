"""The Target plan page run with AppTest on a copy of the demo: inputs from the URL, the totals
shown to the cent, weights edited, and a save that asks before replacing stored targets."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from analytics.store import Store
from dashboard.i18n import TEXTS

pytest_plugins = ("tests.app.fixtures",)
EN = TEXTS["en"]


def _reps(app: Any) -> Any:
    """The rep table (the data frame with the year column)."""
    return next(d.value for d in app.dataframe if EN["tp_col_year"] in d.value.columns)


def _no_exception(app: Any) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def test_the_plan_page_splits_the_total_from_the_url(app_on: Any, demo_copy: Path) -> None:
    app = app_on(
        demo_copy, page="plan", query={"fy": "FY2027", "total": "1200000", "stretch": "0.25"}
    )
    _no_exception(app)
    tiles = {m.label: m.value for m in app.metric}
    assert tiles[EN["tp_sum_total"]] == "¥1,200,000"
    assert tiles[EN["tp_sum_stretch"]] == "¥1,500,000"  # 1,200,000 × 1.25
    assert tiles[EN["tp_sum_reps"]] == "24"
    reps = _reps(app)
    year = reps[EN["tp_col_year"]]
    assert abs(float(year.sum()) - 1_200_000) < 0.005  # the rep-years add up to the total
    assert len(reps) == 24


def test_saving_asks_before_replacing_and_stores_a_versioned_load(
    app_on: Any, demo_copy: Path
) -> None:
    app = app_on(demo_copy, page="plan", query={"fy": "FY2027", "total": "1200000"})
    _no_exception(app)
    save = app.button(key="tp_save")
    assert save.disabled  # the demo has targets for FY2027: confirm first
    app.checkbox(key="tp_confirm").check().run()
    app.button(key="tp_save").click().run()
    _no_exception(app)
    assert any("Saved plan FY2027 v1" in s.value for s in app.success)
    with Store(demo_copy) as store:  # the app holds the file: the same configuration
        cur = store.cursor()
        notes, total = cur.execute(
            "SELECT l.notes, sum(t.target) FROM loads l JOIN targets t USING (load_id) "
            "WHERE l.notes LIKE 'plan FY2027 v1%' GROUP BY l.notes"
        ).fetchone()
    assert total == Decimal("1200000.00") and "total 1,200,000.00" in notes


def test_flat_season_from_the_url(app_on: Any, demo_copy: Path) -> None:
    app = app_on(
        demo_copy, page="plan", query={"fy": "FY2027", "total": "1200000", "season": "flat"}
    )
    _no_exception(app)
    reps = _reps(app)
    months = [c for c in reps.columns if str(c).startswith("2027-")]
    by_month = reps[months].sum()
    # 1,200,000 / 12 each; each of the 12 region-tiers rounds its own months to the cent, so a
    # month of the company may be off by up to 12 cents (the year still adds up exactly).
    assert all(abs(float(v) - 100_000) <= 0.12 + 1e-6 for v in by_month)
    assert abs(float(by_month.sum()) - 1_200_000) < 0.005
