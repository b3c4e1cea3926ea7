"""The one clock and the calendar: weeks, months, fiscal quarters, labels, deadlines.

**The clock.** Every "today" and "now" of analytics/ and dashboard/ comes from `today()` and
`now()` here; nothing else reads the system date (a test checks). Two environment variables
override it, for the command line, the demo, `make run`, the dashboard and the tests:

- `FORECAST_DESK_NOW=YYYY-MM-DDTHH:MM` sets the moment (and so the day);
- `FORECAST_DESK_TODAY=YYYY-MM-DD` sets the day; the moment is then 12:00 of that day, so that
  a Monday's 09:00 call deadline has passed and a deadline later that day has not.

SQL never reads the clock: metric statements receive `$today` and `$now` as bound parameters.

**The calendar** mirrors the SQL macros of sql/schema.sql (`fiscal_quarter_start`,
`period_label`, …; a property test checks them against each other): weeks run Monday–Sunday
and are named by their Monday; months `2026-01`; fiscal quarters `FY2026-Q1`, the fiscal year
named after the calendar year in which it ends. `m0` is the first month of the fiscal year.

**Running periods.** A period has *ended* once today is past its last day (`period_ended`); a
period that has not is in progress and its outcome is never judged (docs/metrics.md, "Common
rules"). A submission is judged only after its due time (`call_deadline`, `review_deadline`).
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta
from typing import Literal

from analytics.errors import UsageError

Grain = Literal["week", "month", "quarter"]

TODAY_ENV = "FORECAST_DESK_TODAY"
NOW_ENV = "FORECAST_DESK_NOW"
# The moment of a day given by FORECAST_DESK_TODAY alone.
MIDDAY = time(12, 0)

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


# --- the clock ---------------------------------------------------------------------------------


def now() -> datetime:
    """The current moment (naive, local): FORECAST_DESK_NOW, else FORECAST_DESK_TODAY at 12:00,
    else the system clock."""
    text = os.environ.get(NOW_ENV, "").strip()
    if text:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError as exc:
            raise UsageError(
                f"{NOW_ENV}='{text}' is not a moment; write it as YYYY-MM-DDTHH:MM "
                f"(e.g. 2026-12-07T09:30) or unset it."
            ) from exc
        return moment.replace(tzinfo=None, microsecond=0)
    day = _env_today()
    if day is not None:
        return datetime.combine(day, MIDDAY)
    return datetime.now().replace(microsecond=0)  # the one reading of the system clock


def _env_today() -> date | None:
    text = os.environ.get(TODAY_ENV, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(
            f"{TODAY_ENV}='{text}' is not a date; write it as YYYY-MM-DD "
            f"(e.g. 2026-12-03) or unset it."
        ) from exc


def today() -> date:
    """Today's date, from `now()` (so FORECAST_DESK_NOW and FORECAST_DESK_TODAY both set it)."""
    return now().date()


# --- weeks and months --------------------------------------------------------------------------


def week_monday(d: date) -> date:
    """The Monday of the week (Monday–Sunday) holding d."""
    return d - timedelta(days=d.weekday())


def month_first(d: date) -> date:
    """The first day of d's month."""
    return d.replace(day=1)


def add_months_to(d: date, n: int) -> date:
    """The first day of the month n months after d's month (n may be negative)."""
    index = d.year * 12 + d.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def parse_month(text: str | None) -> str | None:
    """'2026-01' stays; '2026-1', '2026-13', '' or garbage become None."""
    if not text:
        return None
    match = _MONTH_RE.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return f"{match.group(1)}-{match.group(2)}"


def month_start(month: str | date) -> date:
    """The first day of a 'YYYY-MM' month (or of a date's month)."""
    if isinstance(month, date):
        return month_first(month)
    year, mon = (int(p) for p in str(month)[:7].split("-"))
    return date(year, mon, 1)


def month_end(month: str | date) -> date:
    """The last day of a 'YYYY-MM' month (or of a date's month)."""
    return add_months_to(month_start(month), 1) - timedelta(days=1)


def month_label(d: date) -> str:
    """'2026-01' for any day of January 2026."""
    return f"{d.year:04d}-{d.month:02d}"


def add_months(month: str, n: int) -> str:
    """The 'YYYY-MM' label n months after a 'YYYY-MM' label."""
    return month_label(add_months_to(month_start(month), n))


def month_range(first: str, last: str) -> list[str]:
    """Every month label from first to last inclusive (empty when first > last)."""
    out: list[str] = []
    current = first
    while current <= last:
        out.append(current)
        current = add_months(current, 1)
    return out


# --- fiscal quarters and years -----------------------------------------------------------------


def fiscal_month_index(d: date, m0: int) -> int:
    """0 for the first month of the fiscal year, … 11 for the last."""
    return (d.month - m0) % 12


def fiscal_year_start(d: date, m0: int) -> date:
    """The first day of the fiscal year holding d."""
    return add_months_to(d, -fiscal_month_index(d, m0))


def fiscal_year(d: date, m0: int) -> int:
    """The fiscal year holding d, named after the calendar year in which it ends."""
    return fiscal_year_start(d, m0).year + (0 if m0 == 1 else 1)


def fiscal_year_first_month(d: date, m0: int) -> str:
    """The 'YYYY-MM' label of the first month of the fiscal year holding d."""
    return month_label(fiscal_year_start(d, m0))


def fiscal_quarter_start(d: date, m0: int) -> date:
    """The first day of the fiscal quarter holding d (quarters are three fiscal months)."""
    return add_months_to(d, -(fiscal_month_index(d, m0) % 3))


def fiscal_quarter_label(d: date, m0: int) -> str:
    """'FY2026-Q1'."""
    return f"FY{fiscal_year(d, m0)}-Q{fiscal_month_index(d, m0) // 3 + 1}"


def week_of_quarter(d: date, m0: int) -> int:
    """1..13; days past week 13 fold into week 13."""
    return min((d - fiscal_quarter_start(d, m0)).days // 7 + 1, 13)


# --- periods -----------------------------------------------------------------------------------


def period_start(d: date, grain: Grain, m0: int) -> date:
    """The first day of the week, month or fiscal quarter holding d."""
    if grain == "week":
        return week_monday(d)
    if grain == "month":
        return month_first(d)
    return fiscal_quarter_start(d, m0)


def period_end(start: date, grain: Grain) -> date:
    """The day after the period that starts on `start` (exclusive end)."""
    if grain == "week":
        return start + timedelta(days=7)
    return add_months_to(start, 1 if grain == "month" else 3)


def period_label(start: date, grain: Grain, m0: int) -> str:
    """'2026-01-05' (a week's Monday), '2026-01' or 'FY2026-Q1'."""
    if grain == "week":
        return start.isoformat()
    if grain == "month":
        return month_label(start)
    return fiscal_quarter_label(start, m0)


def period_ended(start: date, grain: Grain, on: date | None = None) -> bool:
    """Whether the period starting on `start` is over on day `on` (default today)."""
    return period_end(start, grain) <= (on or today())


# --- submission deadlines ----------------------------------------------------------------------


def call_deadline(week_start: date, weekday: int = 0, hour: int = 9) -> datetime:
    """When the weekly call of a week is due: `hour`:00 on the latest `weekday` (0 = Monday) on
    or before the week's Monday (sql/metrics/m14_rows.sql)."""
    day = week_start - timedelta(days=(7 - weekday) % 7)
    return datetime.combine(day, time(hour))


def review_deadline(review_month: date, weekday: int = 0, hour: int = 9) -> datetime:
    """When a monthly 12-month forecast is due: `hour`:00 on the first `weekday` (0 = Monday) of
    its review month (sql/metrics/m14m.sql)."""
    first = month_first(review_month)
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    return datetime.combine(day, time(hour))


def due_call_week(weekday: int = 0, hour: int = 9, at: datetime | None = None) -> date:
    """The latest week whose call is due at `at` (default now): this week once its deadline has
    passed, else last week."""
    moment = at or now()
    this_week = week_monday(moment.date())
    return (
        this_week
        if call_deadline(this_week, weekday, hour) <= moment
        else this_week - timedelta(days=7)
    )


def due_review_month(weekday: int = 0, hour: int = 9, at: datetime | None = None) -> date:
    """The latest review month whose 12-month forecast is due at `at` (default now)."""
    moment = at or now()
    this_month = month_first(moment.date())
    if review_deadline(this_month, weekday, hour) <= moment:
        return this_month
    return add_months_to(this_month, -1)
