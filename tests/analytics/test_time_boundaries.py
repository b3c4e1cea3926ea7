"""Time boundaries: one clock, nothing unfinished judged, on every kind of day.

The clock is pinned by tests/conftest.py; `clock` moves it. The day-by-day part builds a small
demo organisation "today" for each kind of day that once broke a page (the first days of a month
before its first Monday, a Monday either side of 09:00, the end of a fiscal quarter and year,
29 February, a fiscal year that starts in August) and checks that no metric judges a period that
has not ended or a submission that is not yet due, and where the weekly and monthly pages open.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import calendar
from analytics.demo import build_demo
from analytics.errors import UsageError
from analytics.metrics import REGISTRY, all_metric_ids, get_metric
from analytics.metrics.base import MetricQuery
from analytics.settings import Settings
from analytics.store import Store
from tests.analytics.fixtures import add_bookings, add_calls, add_reps, at, make_store
from tests.conftest import ROOT

# --- one clock -----------------------------------------------------------------------------------

CLOCK_READS = re.compile(
    r"date\.today\(|datetime\.now\(|datetime\.today\(|datetime\.utcnow\(|time\.time\(\)"
)
SQL_CLOCK_READS = re.compile(r"\b(current_date|current_timestamp|now\(\)|today\(\))", re.I)


def test_nothing_but_the_calendar_reads_the_system_clock() -> None:
    offenders: list[str] = []
    for folder in ("analytics", "dashboard"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "analytics" / "calendar.py":
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if CLOCK_READS.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    for path in sorted((ROOT / "sql").rglob("*.sql")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("--")[0]
            if SQL_CLOCK_READS.search(code):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []
    # ... and the calendar itself reads it exactly once.
    text = (ROOT / "analytics" / "calendar.py").read_text(encoding="utf-8")
    assert len(CLOCK_READS.findall(text)) == 1


def test_the_environment_sets_today_and_now(clock: Callable[[str], datetime], monkeypatch) -> None:
    clock("2026-12-07T09:30")
    assert calendar.now() == datetime(2026, 12, 7, 9, 30)
    assert calendar.today() == date(2026, 12, 7)
    monkeypatch.delenv("FORECAST_DESK_NOW")
    monkeypatch.setenv("FORECAST_DESK_TODAY", "2026-12-03")
    assert calendar.today() == date(2026, 12, 3)
    assert calendar.now() == datetime(2026, 12, 3, 12, 0)  # a day alone means its midday
    monkeypatch.setenv("FORECAST_DESK_TODAY", "3 Dec 2026")
    with pytest.raises(UsageError, match="FORECAST_DESK_TODAY='3 Dec 2026' is not a date"):
        calendar.today()
    monkeypatch.setenv("FORECAST_DESK_NOW", "2026-12-07 nine")
    with pytest.raises(UsageError, match="YYYY-MM-DDTHH:MM"):
        calendar.now()


def test_the_cli_takes_today_from_the_environment(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    db = tmp_path / "forecast.duckdb"
    env = {**os.environ, "FORECAST_DESK_TODAY": "2026-12-03"}
    env.pop("FORECAST_DESK_NOW")
    subprocess.run(
        [sys.executable, "-m", "analytics", "--db", str(db), "demo"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-m", "analytics", "--db", str(db), "metric", "M1", "--grain", "week",
         "--from", "2026-11-23", "--format", "csv"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=300,
    ).stdout  # fmt: skip
    frame = pd.read_csv(__import__("io").StringIO(out))
    by_week = frame.set_index("period")
    # The week of Monday 23 November ended on the 29th: judged. The week of the 30th runs.
    assert by_week.loc["2026-11-23", "status"] != "in_progress"
    assert pd.notna(by_week.loc["2026-11-23", "value"])
    assert by_week.loc["2026-11-30", "status"] == "in_progress"
    assert pd.isna(by_week.loc["2026-11-30", "value"])
    assert by_week.loc["2026-11-30", "commit"] > 0  # the amounts stay, "so far"
    assert "2026-12-07" not in by_week.index  # nothing dated after today


# --- the calendar against the SQL macros ---------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=date(1999, 1, 1), max_value=date(2100, 12, 31)),
    m0=st.integers(min_value=1, max_value=12),
    grain=st.sampled_from(["week", "month", "quarter"]),
)
def test_calendar_matches_the_sql_macros(day: date, m0: int, grain: calendar.Grain) -> None:
    cur = _MACROS.cursor()
    row = cur.execute(
        "SELECT fiscal_quarter_start($d, $m0), fiscal_quarter_label($d, $m0), "
        "fiscal_year_start($d, $m0), fiscal_year($d, $m0), week_of_quarter($d, $m0), "
        "period_start($d, $g, $m0), period_label(period_start($d, $g, $m0), $g, $m0), "
        "period_end(period_start($d, $g, $m0), $g)",
        {"d": day, "m0": m0, "g": grain},
    ).fetchone()
    start = calendar.period_start(day, grain, m0)
    assert row == (
        calendar.fiscal_quarter_start(day, m0),
        calendar.fiscal_quarter_label(day, m0),
        calendar.fiscal_year_start(day, m0),
        calendar.fiscal_year(day, m0),
        calendar.week_of_quarter(day, m0),
        start,
        calendar.period_label(start, grain, m0),
        calendar.period_end(start, grain),
    )


_MACROS = Store(":memory:")


# --- deadlines and the period that is due --------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "week", "review"),
    [
        ("2026-12-03T10:00", "2026-11-30", "2026-11-01"),  # Thursday before the first Monday
        ("2026-12-06T23:59", "2026-11-30", "2026-11-01"),  # Sunday night
        ("2026-12-07T08:59", "2026-11-30", "2026-11-01"),  # first Monday, before 09:00
        ("2026-12-07T09:00", "2026-12-07", "2026-12-01"),  # on the deadline: due
        ("2026-11-02T09:01", "2026-11-02", "2026-11-01"),  # 1st Monday is the 2nd
        ("2026-06-01T09:00", "2026-06-01", "2026-06-01"),  # a month starting on a Monday
        ("2028-02-29T12:00", "2028-02-28", "2028-02-01"),
        ("2027-01-01T12:00", "2026-12-28", "2026-12-01"),
    ],
)
def test_due_week_and_review_month(moment: str, week: str, review: str) -> None:
    at_ = datetime.fromisoformat(moment)
    assert calendar.due_call_week(0, 9, at=at_) == date.fromisoformat(week)
    assert calendar.due_review_month(0, 9, at=at_) == date.fromisoformat(review)


def test_deadlines_follow_the_settings() -> None:
    # A Sunday 18:00 deadline (weekday 6) for the week of Monday 7 December: Sunday the 6th.
    assert calendar.call_deadline(date(2026, 12, 7), 6, 18) == datetime(2026, 12, 6, 18)
    # The monthly review on the first Wednesday of December 2026: the 2nd.
    assert calendar.review_deadline(date(2026, 12, 1), 2, 9) == datetime(2026, 12, 2, 9)


def test_period_ended() -> None:
    assert not calendar.period_ended(date(2026, 11, 30), "week", date(2026, 12, 6))
    assert calendar.period_ended(date(2026, 11, 30), "week", date(2026, 12, 7))
    assert not calendar.period_ended(date(2026, 12, 1), "month", date(2026, 12, 31))
    assert calendar.period_ended(date(2026, 10, 1), "quarter", date(2027, 1, 1))


# --- running periods on hand-checkable data ------------------------------------------------------


def _small(path: Path | None = None) -> Store:
    """n1 in North. Calls: week of 30 Nov commit 100 (on time), week of 7 Dec commit 80 (sent
    Sunday 6 Dec). Bookings: 40 on 1 Dec, 60 on 24 Nov (week of 23 Nov, which had no call)."""
    store = make_store()
    add_reps(store, [("n1", "North")])
    add_calls(
        store,
        [
            ("n1", "2026-11-30", at("2026-11-29 18:00"), 100, 0, 0, 0, 0, 0),
            ("n1", "2026-12-07", at("2026-12-06 18:00"), 80, 0, 0, 0, 0, 0),
        ],
    )
    add_bookings(
        store, [("o1", None, "n1", "2026-12-01", 40), ("o2", None, "n1", "2026-11-24", 60)]
    )
    return store


def _by_period(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("period")


def test_a_running_week_is_in_progress_with_its_amounts_so_far(clock) -> None:
    store = _small()
    clock("2026-12-03T10:00")
    m1 = _by_period(get_metric("M1").compute(store, MetricQuery(grain="week")))
    # The week of 30 November runs until Sunday 6 December: no ratio, no band, amounts kept.
    assert m1.loc["2026-11-30", "status"] == "in_progress"
    assert pd.isna(m1.loc["2026-11-30", "value"])
    assert (m1.loc["2026-11-30", "actual"], m1.loc["2026-11-30", "commit"]) == (40, 100)
    clock("2026-12-07T00:00")  # the week has ended: 40 / 100 = 40%, over-committed
    m1 = _by_period(get_metric("M1").compute(store, MetricQuery(grain="week")))
    assert m1.loc["2026-11-30", "value"] == pytest.approx(0.40)
    assert m1.loc["2026-11-30", "status"] == "over_committed"
    # December as a month is still running on the 7th, November has ended.
    months = _by_period(get_metric("M1").compute(store, MetricQuery(grain="month")))
    assert months.loc["2026-12", "status"] == "in_progress"
    assert pd.isna(months.loc["2026-12", "value"])
    assert months.loc["2026-11", "value"] == pytest.approx(40 / 100)  # the 30 Nov week


def test_a_call_not_yet_due_counts_nobody_missing_or_late(clock) -> None:
    store = _small()
    add_reps(store, [("n2", "North")])
    query = MetricQuery(grain="week", date_from=date(2026, 12, 7), date_to=date(2026, 12, 7))
    clock("2026-12-07T08:59")
    m14 = get_metric("M14").compute(store, query).iloc[0]
    assert (m14["expected"], m14["missing"], m14["late"]) == (0, 0, 0)
    assert m14["status"] == "not_due" and pd.isna(m14["value"])
    m2 = get_metric("M2").compute(store, query).iloc[0]
    assert m2["status"] == "not_due"
    clock("2026-12-07T09:00")  # due: n1 called on Sunday (on time), n2 did not (missing)
    m14 = get_metric("M14").compute(store, query).iloc[0]
    assert (m14["on_time"], m14["expected"], m14["missing"]) == (1, 2, 1)
    assert m14["value"] == pytest.approx(0.5)
    assert pd.isna(m14["status"])


# --- every kind of day, on the demo --------------------------------------------------------------

DAYS = [
    *(f"2026-12-0{d}T10:00" for d in range(1, 7)),  # 1st-6th, before the first Monday (the 7th)
    "2026-12-07T08:59",  # Monday before the call deadline
    "2026-12-07T09:30",  # Monday after it (and the review of December is due)
    "2026-09-30T17:00",  # last day of a fiscal quarter
    "2026-12-31T23:00",  # last day of the year
    "2027-01-01T08:00",  # first day of the year (a Friday)
    "2028-02-29T12:00",  # leap day
]
AUGUST_DAYS = ["2026-07-31T12:00", "2026-08-03T10:00"]  # a fiscal year starting in August
OUTCOME = [mid for mid in all_metric_ids() if REGISTRY[mid].judged in ("outcome", "call")]
# Metrics that read a week grain as month (their inputs are monthly) or always by quarter.
MONTHLY = ("M7", "M8", "M14m", "M18")
QUARTERLY = ("M13", "M13v")


@pytest.fixture(scope="module")
def _demo_cache() -> dict[tuple[str, int], Store]:
    return {}


def _demo_at(moment: str, m0: int, cache: dict[tuple[str, int], Store], clock) -> Store:
    clock(moment)
    if (moment, m0) not in cache:
        store = Store(":memory:", settings=Settings(fiscal_year_start_month=m0))
        build_demo(store, seed=3, n_reps=8, years=1)
        cache[(moment, m0)] = store
    return cache[(moment, m0)]


@pytest.mark.parametrize(("moment", "m0"), [(d, 1) for d in DAYS] + [(d, 8) for d in AUGUST_DAYS])
def test_no_running_period_is_judged(moment: str, m0: int, _demo_cache, clock) -> None:
    assert {"M1", "M2", "M4", "M6", "M10", "M13", "M18"} <= set(OUTCOME)
    store = _demo_at(moment, m0, _demo_cache, clock)
    now = datetime.fromisoformat(moment)
    today = now.date()
    s = store.settings
    # The demo holds nothing dated after now.
    cur = store.cursor()
    latest = cur.execute(
        "SELECT max(submitted_at) FROM calls UNION ALL SELECT max(submitted_at) FROM forecasts "
        "UNION ALL SELECT max(CAST(booked_date AS TIMESTAMP)) FROM bookings"
    ).fetchall()
    assert all(v is None or v <= now for (v,) in latest)
    for mid in OUTCOME:
        spec = REGISTRY[mid]
        for grain in ("week", "month", "quarter"):
            frame = spec.compute(store, MetricQuery(grain=grain))  # type: ignore[arg-type]
            effective = grain
            if mid in QUARTERLY:
                effective = "quarter"
            elif mid in MONTHLY and grain == "week":
                effective = "month"
            for _, row in frame.iterrows():
                start = _start_of(row["period"], effective, m0)
                if spec.judged == "call" and effective == "week":
                    due = calendar.call_deadline(
                        start, s.call_deadline_weekday, s.call_deadline_hour
                    )
                    unjudged = due > now
                else:
                    unjudged = not calendar.period_ended(start, effective, today)  # type: ignore[arg-type]
                if unjudged:
                    assert pd.isna(row["value"]), (mid, grain, row["period"])
                    assert row["status"] in ("in_progress", "not_due"), (mid, grain, row["period"])
                    for col in spec.judged_columns:
                        assert pd.isna(row[col]), (mid, grain, row["period"], col)
    # Submissions: nobody is missing or late for a deadline that has not passed.
    weeks = REGISTRY["M14"].compute(store, MetricQuery(grain="week"))
    for _, row in weeks.iterrows():
        deadline = calendar.call_deadline(
            date.fromisoformat(row["period"]), s.call_deadline_weekday, s.call_deadline_hour
        )
        if deadline > now:
            assert (row["expected"], row["missing"], row["late"]) == (0, 0, 0)
            assert row["status"] == "not_due"
        else:
            assert row["expected"] > 0
    # Monthly submissions (M14m) and the twelve-month cover of their review (M8).
    for mid in ("M14m", "M8"):
        for _, row in REGISTRY[mid].compute(store, MetricQuery(grain="month")).iterrows():
            month = date.fromisoformat(f"{row['period']}-01")
            if calendar.review_deadline(month, s.call_deadline_weekday, s.call_deadline_hour) > now:
                assert row["status"] == "not_due", (mid, row["period"])
                if mid == "M14m":
                    assert (row["expected"], row["missing"], row["late"]) == (0, 0, 0)
                else:
                    assert pd.isna(row["value"])


def _start_of(period: str, grain: str, m0: int) -> date:
    if grain == "week":
        return date.fromisoformat(period)
    if grain == "month":
        return date.fromisoformat(f"{period}-01")
    match = re.fullmatch(r"FY(\d{4})-Q(\d)", period)
    assert match, period
    fiscal_year, quarter = int(match.group(1)), int(match.group(2))
    first_year = fiscal_year - (0 if m0 == 1 else 1)
    return calendar.add_months_to(date(first_year, m0, 1), 3 * (quarter - 1))


@pytest.mark.parametrize("moment", [*DAYS, *AUGUST_DAYS])
def test_pages_open_where_the_numbers_are(moment: str, clock) -> None:
    """The weekly page's default week is the due one, the monthly page's the due review month."""
    from dashboard.pages.weekly import week_options

    now = clock(moment)
    due_week = calendar.due_call_week(0, 9)
    this_monday = calendar.week_monday(now.date())
    assert due_week == (this_monday if now >= datetime.combine(this_monday, datetime.min.time()) + timedelta(hours=9) else this_monday - timedelta(days=7))  # fmt: skip
    calls = [due_week - timedelta(days=7 * k) for k in range(1, 5)]
    assert week_options(calls, due_week)[1] == due_week  # a live store opens on the due week
    review = calendar.due_review_month(0, 9)
    assert calendar.review_deadline(review, 0, 9) <= now
    assert calendar.review_deadline(calendar.add_months_to(review, 1), 0, 9) > now


def test_a_running_month_is_drawn_so_far_never_as_zero() -> None:
    from analytics.settings import Thresholds
    from dashboard.components.monthly_charts import growth_figure, so_far_values

    growth = pd.DataFrame(
        {
            "period": ["2026-10", "2026-11"],
            "value": [0.1, None],
            "status": [None, "in_progress"],
            "pipeline_change": [10.0, 3.0],
            "previous_pipeline": [100.0, 110.0],
        }
    )
    values, running = so_far_values(growth, "pipeline_change", "previous_pipeline")
    assert values == [0.1, pytest.approx(3 / 110)] and running == [False, True]
    fig = growth_figure(growth, growth.iloc[0:0], Thresholds(), "en", title="t")
    assert list(fig.data[0].marker.pattern.shape) == ["", "/"]  # the running month hatched
