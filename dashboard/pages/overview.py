"""Overview page (executive): where the quarter stands and lands, then the judged tiles.

The quarter shown is the fiscal quarter containing the "as of" day: the last day of the
sidebar's end month, or today when that is later. The headline is the quarter outlook
(analytics.outlook): booked so far + open commit + open upside, the M19 projection P10-P50-P90
against target and stretch, and the pace against the linear path to the target. Tiles: commit
accuracy and hit rate over the quarter's completed weeks (M1, M1h), pipeline coverage (M9),
pipeline growth of the as-of month (M10), unrealized orders (M4) and submission discipline (M14).
Charts: the running quarter's cumulative bookings against the straight path, with the linearity
index so far and the last complete quarter's final one beside it (M13, small: no threshold), and
commit accuracy by week over the sidebar's month range with the accurate band. Under the tiles,
the orders and deals behind the sums.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from analytics.calendar import (
    add_months_to,
    fiscal_quarter_label,
    fiscal_quarter_start,
    period_ended,
)
from analytics.calendar import today as clock_today
from analytics.errors import ForecastDeskError
from analytics.metrics.linearity import linearity_so_far
from analytics.settings import Thresholds
from dashboard.components import (
    charts,
    empty,
    fva_panel,
    outlook_panel,
    overview_data,
    projection_data,
    share,
)
from dashboard.components.bands import NO_THRESHOLD, Band, commit_accuracy_band
from dashboard.components.drill import Drill, drill_tabs
from dashboard.components.kpi import (
    Fmt,
    Kpi,
    Row,
    TileSpec,
    build_tiles,
    cell,
    inject_css,
    kpi_row,
    row_of,
)
from dashboard.components.projection_charts import projection_fan_figure
from dashboard.components.tables import escape_markdown
from dashboard.context import PageContext, get_context


@dataclass(frozen=True)
class Quarter:
    """The quarter of the overview: its first day, its label and the as-of day."""

    start: date
    label: str
    as_of: date

    @property
    def linearity_start(self) -> date:
        """Linearity is judged on a whole quarter: this one once it has ended, else the one
        before (a running quarter's index says more about the calendar than about the team)."""
        if period_ended(self.start, "quarter", self.as_of + timedelta(days=1)):
            return self.start
        return add_months_to(self.start, -3)

    @property
    def completed_weeks_to(self) -> date:
        """Weeks whose Monday is on or before this day have ended by the as-of day."""
        return self.as_of - timedelta(days=6)


def overview_quarter(ctx: PageContext, today: date | None = None) -> Quarter:
    today = today or clock_today()
    end = ctx.filters.date_to or today
    as_of = min(end, today)
    m0 = ctx.settings.fiscal_year_start_month
    return Quarter(fiscal_quarter_start(as_of, m0), fiscal_quarter_label(as_of, m0), as_of)


def _accuracy_band(row: Row, value: float | None, th: Thresholds, status: str | None) -> Band:
    actual, commit = cell(row, "actual"), cell(row, "commit")
    return commit_accuracy_band(value, th, actual=actual, commit=commit)


def _period(ctx: PageContext, row: Row, texts: Mapping[str, object]) -> str:
    return str(row["period"]) if row is not None else ""


def _quarter(ctx: PageContext, row: Row, texts: Mapping[str, object]) -> str:
    return str(texts["which"])


def _quarter_vs_ideal(ctx: PageContext, row: Row, texts: Mapping[str, object]) -> str:
    return f"{texts['which']} · {ctx.t('sub_vs_ideal')}"


def _of(actual: str, target: str) -> tuple[tuple[str, str, Fmt], ...]:
    return (("actual", actual, "money"), ("target", target, "money"))


# The banded tiles; a metric that fails becomes an 'n/a' tile with the reason. The quarter's
# attainment (M18) is the outlook's headline; the linearity tiles (M13) sit by their chart.
TILES: tuple[TileSpec, ...] = (
    TileSpec(
        "commit-accuracy",
        "M1",
        "kpi_commit_accuracy",
        "help_commit_accuracy",
        source="M1",
        status=None,
        band=_accuracy_band,
        caption="sub_actual_of",
        fields=_of("actual", "commit"),
    ),
    TileSpec(
        "hit-rate",
        "M1h",
        "kpi_hit_rate",
        "help_hit_rate",
        source="M1h",
        status=None,
        caption="sub_weeks",
        fields=(("n", "called_weeks", "number"),),
    ),
    TileSpec(
        "coverage", "M9", "kpi_coverage", "help_coverage", source="M9", fmt="pct0", status=None
    ),
    TileSpec("growth", "M10", "kpi_growth", "help_growth", source="M10", describe=_period),
    TileSpec(
        "unrealized",
        "M4",
        "kpi_unrealized",
        "help_unrealized",
        source="M4",
        caption="sub_actual_of",
        fields=_of("unrealized", "booked"),
    ),
    TileSpec("discipline", "M14", "kpi_discipline", "help_discipline", source="M14", status=None),
)
LINEARITY_TILES: tuple[TileSpec, ...] = (
    TileSpec(
        "linearity",
        "M13",
        "ol_lin_final",
        "help_linearity",
        source="M13",
        fmt="number2",
        status=None,
        describe=_quarter,
    ),
    TileSpec(
        "last-month-share",
        "M13",
        "ol_last_month_final",
        "help_last_month_share",
        source="M13",
        value="last_month_share",
        status=None,
        describe=_quarter_vs_ideal,
    ),
)


def build_kpis(ctx: PageContext, q: Quarter) -> list[Kpi]:
    """The banded tiles of the quarter (company totals of the filter); tiles without a band
    (in progress, unavailable) come after the judged ones."""
    weeks_to = q.completed_weeks_to
    rows = {
        "M1": lambda: row_of(overview_data.commit_accuracy(ctx, q.start, weeks_to)),
        "M1h": lambda: row_of(overview_data.hit_rate(ctx, q.start, weeks_to)),
        "M9": lambda: row_of(overview_data.coverage(ctx, q.start, q.as_of)),
        "M10": lambda: row_of(overview_data.growth(ctx, q.as_of)),
        "M4": lambda: row_of(overview_data.unrealized(ctx, q.start)),
        "M14": lambda: row_of(overview_data.discipline(ctx, q.start, q.as_of)),
    }
    tiles = build_tiles(ctx, TILES, rows)
    return sorted(tiles, key=lambda kpi: kpi.band.level == "none")


def linearity_kpis(ctx: PageContext, q: Quarter, weeks: pd.DataFrame) -> list[Kpi]:
    """M13 beside its chart: the running quarter's index so far (its ended weeks) and the
    final index and last-month share of the last complete quarter, each labelled with its
    quarter. M13 has no threshold: shown small, without a band."""
    m0 = ctx.settings.fiscal_year_start_month
    tiles: list[Kpi] = []
    if q.linearity_start != q.start:
        ended = weeks[pd.to_datetime(weeks["week_start"]) <= pd.Timestamp(q.completed_weeks_to)]
        so_far = linearity_so_far(ended["bookings"].fillna(0.0).tolist()) if len(ended) else None
        tiles.append(
            Kpi(
                "linearity-so-far",
                ctx.t("ol_lin_so_far", quarter=q.label),
                ctx.number(so_far, 2),
                NO_THRESHOLD,
                ctx.t("help_linearity"),
                ctx.t("ol_lin_so_far_sub", n=len(ended)),
            )
        )
    final = fiscal_quarter_label(q.linearity_start, m0)
    rows = {"M13": lambda: row_of(overview_data.linearity(ctx, q.linearity_start))}
    which = ctx.t("ol_lin_final_which", quarter=final)
    tiles.extend(build_tiles(ctx, LINEARITY_TILES, rows, which=which))
    return tiles


def small_tiles(kpis: list[Kpi]) -> None:
    """Tiles without a threshold, smaller than the banded ones and without a grey badge."""
    columns = st.columns(len(kpis)) if kpis else []
    for column, kpi in zip(columns, kpis, strict=True):
        with column, st.container(border=True, key=f"ov-small-{kpi.name}"):
            st.caption(escape_markdown(kpi.label), help=kpi.help)
            st.markdown(f"**{escape_markdown(kpi.value)}**")
            if kpi.caption:
                st.caption(escape_markdown(kpi.caption))


def _quarter_target(ctx: PageContext, q: Quarter) -> float | None:
    """The quarter's target (M18's denominator), None when unavailable."""
    try:
        return cell(row_of(overview_data.attainment(ctx, q.start, q.as_of)), "target")
    except ForecastDeskError:
        return None


def _charts(ctx: PageContext, q: Quarter) -> None:
    left, right = st.columns(2)
    with left:
        weeks = overview_data.linearity_weeks(ctx, q.start)
        if weeks.empty:
            empty.empty_filter(ctx, "empty_what_bookings")
        else:
            # Weeks after the as-of day have no bookings yet: the cumulative line stops there.
            future = pd.to_datetime(weeks["week_start"]) > pd.Timestamp(q.as_of)
            cumulative = weeks["cumulative"].where(~future)
            ideal, ideal_label = weeks["ideal"].tolist(), None
            target = _quarter_target(ctx, q) if q.linearity_start != q.start else None
            if target:  # a running quarter: the straight path to its target
                ideal = [target * int(w) / 13 for w in weeks["week"]]
                ideal_label = ctx.t("trace_path_to_target")
            fig = charts.linearity_figure(
                weeks["week"].tolist(),
                weeks["bookings"].where(~future).tolist(),
                [None if pd.isna(v) else float(v) for v in cumulative],
                ideal,
                ctx.lang,
                ctx.currency,
                ideal_label,
            )
            running = q.linearity_start != q.start
            title = ctx.t("ol_lin_chart_so_far" if running else "ol_lin_chart", quarter=q.label)
            fig.update_layout(title_text=title)
            st.plotly_chart(fig, key="ov_linearity_chart", width="stretch")
            small_tiles(linearity_kpis(ctx, q, weeks))
    with right:
        weekly = overview_data.weekly_accuracy(ctx, q.completed_weeks_to)
        if weekly.empty:
            empty.empty_filter(ctx, "empty_what_calls")
        else:
            fig = charts.commit_accuracy_figure(weekly, ctx.settings.thresholds, ctx.lang)
            st.plotly_chart(fig, key="ov_accuracy_chart", width="stretch")


def _outlook(ctx: PageContext, q: Quarter) -> None:
    """The headline: booked + commit + upside, the projection against target and stretch, pace."""
    out = overview_data.outlook(ctx, q.as_of)
    st.subheader(ctx.t("ol_title", quarter=q.label))
    if out is None:
        st.caption(ctx.t("ol_none", date=q.as_of.isoformat()))
        return
    st.markdown(f"**{escape_markdown(outlook_panel.headline(ctx, out))}**")
    kpi_row(outlook_panel.tiles(ctx, out), ctx.lang, per_row=4)
    fig = outlook_panel.outlook_figure(out, ctx.lang, ctx.currency)
    st.plotly_chart(fig, key="ov_outlook_chart", width="stretch")
    st.caption(ctx.t("ol_caption", date=out.moment.isoformat()))


def _projection(ctx: PageContext, q: Quarter) -> None:
    """M19: the fan of the quarter's projections so far, and how often the band held before."""
    st.subheader(ctx.t("proj_title"))
    fan = projection_data.fan(ctx, q.as_of)
    if fan.empty or fan["p50"].isna().all():
        st.caption(
            ctx.t("proj_unavailable", min_closed=ctx.settings.thresholds.m19_min_closed_deals)
        )
    else:
        st.caption(ctx.t("proj_caption", quarter=q.label))
        fig = projection_fan_figure(fan, ctx.lang, ctx.currency)
        st.plotly_chart(fig, key="ov_projection_chart", width="stretch")
    st.caption(projection_data.record_sentence(ctx))


def _drills(ctx: PageContext, q: Quarter) -> list[Drill]:
    return [
        Drill(
            ctx.t("drill_bookings"),
            lambda: overview_data.quarter_bookings(ctx, q.start),
            "ov_drill_bookings",
        ),
        Drill(
            ctx.t("drill_commit"),
            lambda: overview_data.commit_bookings(ctx, q.start),
            "ov_drill_commit",
        ),
        Drill(
            ctx.t("drill_pipeline"),
            lambda: overview_data.quarter_pipeline(ctx, q.start, q.as_of),
            "ov_drill_pipeline",
        ),
        Drill(
            ctx.t("drill_unrealized"),
            lambda: overview_data.unrealized_orders(ctx, q.start),
            "ov_drill_unrealized",
        ),
        Drill(
            ctx.t("drill_calls"),
            lambda: overview_data.quarter_calls(ctx, q.start, q.as_of),
            "ov_drill_calls",
        ),
    ]


def render() -> None:
    ctx = get_context()
    st.title(ctx.t("overview_title"))
    share.page_tools(ctx, "overview")
    if ctx.is_empty():
        empty.empty_store(ctx)
        return
    q = overview_quarter(ctx)
    st.caption(ctx.t("overview_caption", quarter=q.label, date=q.as_of.isoformat()))
    inject_css()
    empty.guarded(ctx, ctx.t("ol_title", quarter=q.label), lambda: _outlook(ctx, q))
    kpi_row(build_kpis(ctx, q), ctx.lang, per_row=6)
    drill_tabs(ctx, _drills(ctx, q))
    _charts(ctx, q)
    empty.guarded(ctx, ctx.t("proj_title"), lambda: _projection(ctx, q))
    empty.guarded(ctx, ctx.t("fva_title"), lambda: fva_panel.show_fva(ctx))


if __name__ == "__main__":
    render()
