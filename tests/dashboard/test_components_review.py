"""Table formats, the Team matrix's labels and the split velocity chart (no Streamlit run).

The expected strings are written by hand: Babel's en_US and zh_Hans_CN both group thousands
with a comma and write the percent sign after the number.
"""

from __future__ import annotations

import pandas as pd

from analytics.settings import Thresholds
from dashboard.components.formats import format_cell, formatted, with_rep_names
from dashboard.components.pipeline_tables import by_amount, present
from dashboard.components.team_charts import matrix_figure, velocity_figure
from dashboard.i18n import TEXTS
from dashboard.pages.team import one_value

EN = TEXTS["en"]


def test_one_format_for_money_rates_counts_and_missing_values() -> None:
    assert format_cell(457500.0, "money", "en", "¥") == "¥457,500"  # no cents
    assert format_cell(341999.4, "money", "en", "¥") == "¥341,999"
    assert format_cell(0.4411, "pct", "en", "¥") == "44.1%"  # one decimal, as the tiles
    assert format_cell(0.45, "pct", "zh", "¥") == "45.0%"
    assert format_cell(12299.0, "count", "en", "¥") == "12,299"
    assert format_cell(None, "pct", "en", "¥") == "–"
    assert format_cell(float("nan"), "money", "en", "¥") == "–"
    assert format_cell(pd.Timestamp("2026-11-30"), "date", "en", "¥") == "2026-11-30"
    frame = formatted(pd.DataFrame({"a": [1.0, None], "b": ["x", "y"]}), {"a": "pct"}, "en", "$")
    assert list(frame["a"]) == ["100.0%", "–"] and list(frame["b"]) == ["x", "y"]


def test_deal_tables_show_rep_names_sorted_by_amount() -> None:
    deals = pd.DataFrame(
        {
            "opportunity_id": ["o1", "o2", "o3"],
            "rep": ["n1", "n2", "x9"],
            "amount": [100.0, 300.0, 200.0],
            "close_date": pd.to_datetime(["2026-12-01", "2026-12-02", "2026-12-03"]),
            "win_rate": [None, 0.5, 0.25],
        }
    )
    names = {"n1": "Li Wei", "n2": "Chen Lan"}
    assert list(with_rep_names(deals, names)["rep_name"]) == ["Li Wei", "Chen Lan", "x9"]
    shown = present(
        by_amount(deals),
        ("opportunity_id", "rep_name", "amount", "win_rate", "close_date", "rep"),
        "en",
        "¥",
        names,
    )
    assert list(shown.columns) == [
        EN["pl_col_opportunity"],
        EN["pl_col_rep"],
        EN["pl_col_amount"],
        EN["pl_col_win_rate"],
        EN["pl_col_close_date"],
        EN["pl_col_rep_id"],
    ]
    assert list(shown[EN["pl_col_opportunity"]]) == ["o2", "o3", "o1"]  # 300, 200, 100
    assert list(shown[EN["pl_col_rep"]]) == ["Chen Lan", "x9", "Li Wei"]
    assert list(shown[EN["pl_col_amount"]]) == ["¥300", "¥200", "¥100"]
    assert list(shown[EN["pl_col_win_rate"]]) == ["50.0%", "25.0%", "–"]
    assert list(shown[EN["pl_col_close_date"]]) == ["2026-12-02", "2026-12-03", "2026-12-01"]
    # The download copy (CSV, Excel): the same columns, numbers as numbers.
    numbers = present(
        by_amount(deals), ("rep_name", "amount", "win_rate"), "en", "¥", names, as_text=False
    )
    assert list(numbers[EN["pl_col_amount"]]) == [300.0, 200.0, 100.0]
    assert list(numbers[EN["pl_col_win_rate"]])[:2] == [0.5, 0.25]


def test_a_dense_matrix_names_only_the_focus_rep_and_zooms_to_the_points() -> None:
    # sixteen reps within 0.90..0.95 discipline and 1.00..1.10 attainment, one outlier in D
    xs = [0.90 + 0.003 * k for k in range(16)]
    ys = [1.00 + 0.006 * k for k in range(16)]
    frame = pd.DataFrame(
        {
            "scope": [f"r{k}" for k in range(16)] + ["d1"],
            "label": [f"Rep {k}" for k in range(16)] + ["Dee"],
            "attainment": [*ys, 0.60],
            "discipline": [*xs, 0.50],
            "group": ["A"] * 16 + ["D"],
        }
    )
    fig = matrix_figure(frame, Thresholds(), "en", title="M16", focus="r3")
    texts = [t for tr in fig.data if tr.mode == "markers+text" for t in tr.text if t]
    assert texts == ["Rep 3"]  # the others on hover
    hover = [c[0] for tr in fig.data if tr.mode == "markers+text" for c in tr.customdata]
    assert "Rep 7" in hover and "Dee" in hover
    # x: points 0.50..0.945 and threshold 0.80, padded by 0.04 -> 0.46..0.985
    low, high = fig.layout.xaxis.range
    assert round(low, 3) == 0.46 and round(high, 3) == 0.985
    # y: points 0.60..1.09 and threshold 1.00, padded by 0.05 -> 0.55..1.14
    low, high = fig.layout.yaxis.range
    assert round(low, 3) == 0.55 and round(high, 3) == 1.14


def test_velocity_draws_rep_and_region_on_panels_of_their_own() -> None:
    rep = pd.DataFrame({"period": ["2026-01", "2026-02"], "value": [50_000.0, 70_000.0]})
    region = pd.DataFrame({"period": ["2026-01", "2026-02"], "value": [300_000.0, 280_000.0]})
    fig = velocity_figure(("Li Wei", rep), ("East", region), "en", "¥", title="M17")
    assert [tr.name for tr in fig.data] == ["Li Wei", "East"]
    assert [tr.yaxis for tr in fig.data] == ["y", "y2"]  # two panels, not two axes on one
    assert fig.layout.yaxis2.overlaying is None
    # each panel's axis reaches 10% above its own highest value
    assert fig.layout.yaxis.range == (0, 77_000.0)
    assert round(fig.layout.yaxis2.range[1]) == 330_000


def test_a_chart_whose_every_period_has_one_value_is_flat() -> None:
    assert one_value(pd.DataFrame({"value": [1.0, 1.0, None, 1.0]})) == 1.0
    assert one_value(pd.DataFrame({"value": [1.0, 0.9]})) is None
    assert one_value(pd.DataFrame({"value": [1.0]})) is None  # one period: nothing to compare
