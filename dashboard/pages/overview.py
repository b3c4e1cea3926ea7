"""Overview page (executive): the quarter at a glance, every tile coloured by its band.

The quarter shown is the fiscal quarter containing the "as of" day: the last day of the
sidebar's end month, or today when that is later. Tiles: attainment against target and stretch
(M18), commit accuracy and hit rate over the quarter's completed weeks (M1, M1h), linearity index
and last-month share (M13), pipeline coverage (M9), pipeline growth of the as-of month (M10),
unrealized orders (M4) and submission discipline (M14). Charts: the quarter's cumulative bookings
against the ideal straight line, and commit accuracy by week over the sidebar's month range with
the accurate band. Under the tiles, the orders and deals behind the sums.
"""

from __future__ import annotations

from collections.abc import Callable
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
from dashboard.components import charts, empty, overview_data
from dashboard.components.bands import UNAVAILABLE, band_for, commit_accuracy_band, status_of
from dashboard.components.drill import Drill, drill_tabs
from dashboard.components.kpi import Kpi, inject_css, kpi_row
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


def _row(frame: pd.DataFrame) -> pd.Series | None:
    """The last row of a company-scope frame (one period asked for), None when empty."""
    if frame.empty:
        return None
    return frame.iloc[-1]


def _num(row: pd.Series | None, column: str) -> float | None:
    if row is None or column not in row.index:
        return None
    value = row[column]
    return None if pd.isna(value) else float(value)


def _unavailable(ctx: PageContext, name: str, label: str, help_key: str, reason: str) -> Kpi:
    return Kpi(name, label, ctx.t("unavailable"), UNAVAILABLE, ctx.t(help_key), reason)


def build_kpis(ctx: PageContext, q: Quarter) -> list[Kpi]:
    """The ten tiles; a metric that is missing or fails becomes an 'n/a' tile with the reason."""
    th = ctx.settings.thresholds
    tiles: list[Kpi] = []

    def guarded(tiles_of: list[tuple[str, str, str]], make: Callable[[], list[Kpi]]) -> None:
        """Add the tiles `make` builds; on a missing or failing metric, n/a tiles with the reason."""
        try:
            tiles.extend(make())
        except ForecastDeskError as exc:
            for name, label_key, help_key in tiles_of:
                tiles.append(_unavailable(ctx, name, ctx.t(label_key), help_key, str(exc)))

    def attainment() -> list[Kpi]:
        row = _row(overview_data.attainment(ctx, q.start, q.as_of))
        actual = _num(row, "actual")
        target, stretch = _num(row, "target"), _num(row, "stretch_target")
        value, value_stretch = _num(row, "value"), _num(row, "stretch_attainment")
        return [
            Kpi(
                "attainment",
                ctx.t("kpi_attainment_target"),
                ctx.pct(value),
                band_for("M18", value, th, status_of(row)),
                ctx.t("help_attainment"),
                ctx.t("sub_actual_of", actual=ctx.money(actual), target=ctx.money(target)),
            ),
            Kpi(
                "attainment-stretch",
                ctx.t("kpi_attainment_stretch"),
                ctx.pct(value_stretch),
                band_for("M18", value_stretch, th, status_of(row)),
                ctx.t("help_attainment_stretch"),
                ctx.t("sub_actual_of", actual=ctx.money(actual), target=ctx.money(stretch)),
            ),
        ]

    def accuracy() -> list[Kpi]:
        row = _row(overview_data.commit_accuracy(ctx, q.start, q.completed_weeks_to))
        value, actual, commit = _num(row, "value"), _num(row, "actual"), _num(row, "commit")
        hit = _row(overview_data.hit_rate(ctx, q.start, q.completed_weeks_to))
        rate, weeks = _num(hit, "value"), _num(hit, "called_weeks")
        return [
            Kpi(
                "commit-accuracy",
                ctx.t("kpi_commit_accuracy"),
                ctx.pct(value),
                commit_accuracy_band(value, th, actual=actual, commit=commit),
                ctx.t("help_commit_accuracy"),
                ctx.t("sub_actual_of", actual=ctx.money(actual), target=ctx.money(commit)),
            ),
            Kpi(
                "hit-rate",
                ctx.t("kpi_hit_rate"),
                ctx.pct(rate),
                band_for("M1h", rate, th),
                ctx.t("help_hit_rate"),
                ctx.t("sub_weeks", n=ctx.number(weeks)),
            ),
        ]

    def linearity() -> list[Kpi]:
        start = q.linearity_start
        row = _row(overview_data.linearity(ctx, start))
        index = _num(row, "value")
        last_share = _num(row, "last_month_share")
        which = fiscal_quarter_label(start, ctx.settings.fiscal_year_start_month)
        if start != q.start:
            which = ctx.t("sub_last_complete_quarter", quarter=which)
        return [
            Kpi(
                "linearity",
                ctx.t("kpi_linearity"),
                ctx.number(index, 2),
                band_for("M13", index, th),
                ctx.t("help_linearity"),
                which,
            ),
            Kpi(
                "last-month-share",
                ctx.t("kpi_last_month_share"),
                ctx.pct(last_share),
                band_for("M13", last_share, th),
                ctx.t("help_last_month_share"),
                f"{which} · {ctx.t('sub_vs_ideal')}",
            ),
        ]

    def coverage() -> list[Kpi]:
        row = _row(overview_data.coverage(ctx, q.start, q.as_of))
        value = _num(row, "value")
        return [
            Kpi(
                "coverage",
                ctx.t("kpi_coverage"),
                ctx.pct(value, 0),
                band_for("M9", value, th),
                ctx.t("help_coverage"),
            )
        ]

    def growth() -> list[Kpi]:
        row = _row(overview_data.growth(ctx, q.as_of))
        value = _num(row, "value")
        period = str(row["period"]) if row is not None else ""
        return [
            Kpi(
                "growth",
                ctx.t("kpi_growth"),
                ctx.pct(value),
                band_for("M10", value, th, status_of(row)),
                ctx.t("help_growth"),
                period,
            )
        ]

    def unrealized() -> list[Kpi]:
        row = _row(overview_data.unrealized(ctx, q.start))
        value = _num(row, "value")
        caption = ctx.t(
            "sub_actual_of",
            actual=ctx.money(_num(row, "unrealized")),
            target=ctx.money(_num(row, "booked")),
        )
        return [
            Kpi(
                "unrealized",
                ctx.t("kpi_unrealized"),
                ctx.pct(value),
                band_for("M4", value, th, status_of(row)),
                ctx.t("help_unrealized"),
                caption,
            )
        ]

    def discipline() -> list[Kpi]:
        row = _row(overview_data.discipline(ctx, q.start, q.as_of))
        value = _num(row, "value")
        return [
            Kpi(
                "discipline",
                ctx.t("kpi_discipline"),
                ctx.pct(value),
                band_for("M14", value, th),
                ctx.t("help_discipline"),
            )
        ]

    guarded(
        [
            ("attainment", "kpi_attainment_target", "help_attainment"),
            ("attainment-stretch", "kpi_attainment_stretch", "help_attainment_stretch"),
        ],
        attainment,
    )
    guarded(
        [
            ("commit-accuracy", "kpi_commit_accuracy", "help_commit_accuracy"),
            ("hit-rate", "kpi_hit_rate", "help_hit_rate"),
        ],
        accuracy,
    )
    guarded(
        [
            ("linearity", "kpi_linearity", "help_linearity"),
            ("last-month-share", "kpi_last_month_share", "help_last_month_share"),
        ],
        linearity,
    )
    guarded([("coverage", "kpi_coverage", "help_coverage")], coverage)
    guarded([("growth", "kpi_growth", "help_growth")], growth)
    guarded([("unrealized", "kpi_unrealized", "help_unrealized")], unrealized)
    guarded([("discipline", "kpi_discipline", "help_discipline")], discipline)
    return tiles


def _quarter_target(ctx: PageContext, q: Quarter) -> float | None:
    """The quarter's target (M18's denominator), None when unavailable."""
    try:
        return _num(_row(overview_data.attainment(ctx, q.start, q.as_of)), "target")
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
            st.plotly_chart(fig, key="ov_linearity_chart", width="stretch")
    with right:
        weekly = overview_data.weekly_accuracy(ctx, q.completed_weeks_to)
        if weekly.empty:
            empty.empty_filter(ctx, "empty_what_calls")
        else:
            fig = charts.commit_accuracy_figure(weekly, ctx.settings.thresholds, ctx.lang)
            st.plotly_chart(fig, key="ov_accuracy_chart", width="stretch")


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
    if ctx.is_empty():
        empty.empty_store(ctx)
        return
    q = overview_quarter(ctx)
    st.caption(ctx.t("overview_caption", quarter=q.label, date=q.as_of.isoformat()))
    inject_css()
    kpi_row(build_kpis(ctx, q), ctx.lang, per_row=5)
    drill_tabs(ctx, _drills(ctx, q))
    _charts(ctx, q)


if __name__ == "__main__":
    render()
