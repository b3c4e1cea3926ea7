"""Display names of the data's words per language (dashboard/labels.py)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import labels
from dashboard.components.charts import base_layout


def test_tables_show_headers_words_and_regions_in_chinese() -> None:
    labels.set_region_names({"East": "华东"})
    frame = pd.DataFrame(
        {
            "opportunity_name": ["commit"],  # a deal named "commit" is a name: never mapped
            "region": ["East"],
            "forecast_category": ["upside"],
            "status": ["won"],
            "quarter": ["FY2026-Q4"],
            "amount": [1.0],
        }
    )
    zh = labels.localize_frame(frame, "zh")
    assert list(zh.columns) == ["商机名称", "大区", "预测类别", "状态", "季度", "金额"]
    assert zh.iloc[0].tolist() == ["commit", "华东", "UPSIDE", "赢单", "2026财年第4季度", 1.0]
    # English keeps the data's own words (the column names of docs/loading.md)
    assert labels.localize_frame(frame, "en").equals(frame)
    # a region without a Chinese name keeps its own; an unknown word stays
    assert labels.value_label("Central", "zh") == "Central"
    assert labels.column_label("no_such_column", "zh") == "no_such_column"


def test_chart_legends_and_category_ticks_in_chinese() -> None:
    labels.set_region_names({"East": "华东", "West": "西部"})
    fig = go.Figure(
        [
            go.Bar(x=["East", "West"], y=[1, 2], name="commit"),
            go.Bar(x=["East"], y=[3], name="Li Wei"),
        ]
    )
    base_layout(fig, "t", lang="zh")
    assert list(fig.data[0].x) == ["华东", "西部"] and fig.data[0].name == "承诺"
    assert fig.data[1].name == "Li Wei"  # a rep's name stays
    months = go.Figure(go.Bar(x=["2027-01", "2027-02"], y=[1, 2]))
    months.update_xaxes(type="category")
    base_layout(months, "t", lang="zh")
    assert list(months.data[0].x) == ["2027年1月", "2027年2月"]
    own = go.Figure(go.Scatter(x=["2026-01-01"], y=[1]))
    own.update_xaxes(tickformat="%Y-%m", hoverformat="%Y-%m-%d")
    base_layout(own, "t", lang="zh")
    assert own.layout.xaxis.tickformat == "%Y年%-m月"
    assert own.layout.xaxis.hoverformat == "%Y年%-m月%-d日"
