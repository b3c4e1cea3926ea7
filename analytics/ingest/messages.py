"""What each problem code of the checks means and how to fix it, as a person reads it.

The SQL checks (sql/ingest/errors/*.sql) return a code and a detail per bad cell; the text
lives here so that it is written once and can be translated later.
"""

from __future__ import annotations

from analytics.errors import RowError

_DATE_FORMS = "YYYY-MM-DD (2026-01-05) or month first M/D/YYYY (1/5/2026)"

MESSAGES: dict[str, str] = {
    "missing": "is empty: every row needs a value here; fill it in",
    "missing_snapshot_date": (
        "is empty and no snapshot date was given: fill it in, or give the date at upload "
        "(--snapshot-date YYYY-MM-DD)"
    ),
    "bad_amount": (
        "is not an amount: write a number such as 1234.50, $1,234.50, ¥1,234.50 or (1,200)"
    ),
    "bad_date": f"is not a date: write {_DATE_FORMS}",
    "impossible_date": (
        f"is not a real date (no such day in that month): check the day and month; dates are "
        f"read as {_DATE_FORMS}"
    ),
    "bad_timestamp": (
        "is not a date and time: write YYYY-MM-DD HH:MM (2026-01-04 18:30) or M/D/YYYY h:mm AM/PM"
    ),
    "impossible_timestamp": (
        "is not a real date and time: check the day, month and hour (YYYY-MM-DD HH:MM)"
    ),
    "bad_month": "is not a month: write YYYY-MM, e.g. 2026-01",
    "bad_probability": "is not a probability: write a number from 0 to 100, e.g. 60 or 60%",
    "bad_stage": (
        "is not a known stage: write a probability from 0 to 100 (e.g. 60 or 60%) or a stage "
        "name of the settings; or give it for this load with --stage '{value}=PROBABILITY' "
        "(e.g. --stage '{value}=60'), or add it to [stages] in the settings"
    ),
    "stage_range": "is outside 0–100: a stage is a win probability from 0 to 100",
    "bad_category": (
        "is not a forecast category: use Commit, Best Case / Most Likely (upside), Pipeline, "
        "Omitted, Closed (won) or Lost — or 承诺, UPSIDE, 通路, 赢单, 丢单, 忽略 — or leave it "
        "empty to derive it from the stage"
    ),
    "bad_bool": "is not yes/no: write yes/no, true/false, 1/0, or leave it empty",
    "bad_status": "is not a status: use realized, unrealized or cancelled (empty = realized)",
    "bad_tier": "is not a tier: use A, B or C, or leave it empty",
    "bad_scope_type": "is not a scope type: use company, region or rep",
    "bad_level": (
        "is not a level: use rep, manager, region or company (empty = rep), or 销售代表, 大区经理, "
        "大区, 公司"
    ),
    "unknown_manager": (
        "is not a manager in the reps table: load reps with a manager column first, or fix the name"
    ),
    "unknown_region": "is not a region of any rep in the reps table: load reps first, or fix it",
    "bad_week": "is not an ISO week: write YYYY-Www, e.g. 2026-W02",
    "not_monday": "is not a Monday ({detail}): week_start must be the Monday of the week",
    "week_mismatch": "does not match week_start ({detail}): keep one of the two columns",
    "month_window": (
        "is outside the 12 forecast months of its review month ({detail}): fix the month or the "
        "review_month"
    ),
    "dup_row": "is an exact duplicate of row {detail}: remove one of the two rows",
    "dup_opportunity": (
        "appears twice in snapshot {detail}: keep one row per deal and snapshot date"
    ),
    "dup_deal": (
        "appears twice in the extract (also on row {detail}): an extract has one row per deal, "
        "keep one"
    ),
    "won_without_amount": (
        "is empty on a won deal: its booking needs the won amount; fill it in (an open or lost "
        "deal may leave it empty)"
    ),
    "closed_without_close_date": (
        "is empty on a {detail} deal: history needs the day it closed; fill it in (an open deal "
        "may leave it empty)"
    ),
    "dup_call": (
        "has two calls for the same week ({detail}): a rep has one call per week, keep one row"
    ),
    "dup_forecast": (
        "has two forecasts for the same rep, review month and month ({detail}): keep one row"
    ),
    "dup_target": "has two targets for the same scope and month ({detail}): keep one row",
    "dup_rep": "is listed twice ({detail}): keep one row per rep",
    "date_order": "is before {detail}: a rep cannot leave before joining; fix one of the dates",
    "unknown_rep": (
        "is an unknown rep{others}: load reps first (forecast-desk ingest reps FILE), or load a "
        "snapshot file with a region column for this rep, or fix the id or name"
    ),
    "no_region": (
        "is a rep that is not in the reps table and has no region on any of its rows{others}: "
        "load reps first, or fill the region column for this rep"
    ),
    "no_region_column": (
        "is a rep that is not in the reps table, and the file has no region column{others}: add a "
        "region column, or load a reps file first (forecast-desk ingest reps FILE)"
    ),
    "ambiguous_rep": "matches several reps by name ({detail}): write the rep id instead",
    "order_stored": (
        "is already stored (load {detail}): loading it again would count the order twice; "
        "remove the row, or remove that load first (forecast-desk unload ID)"
    ),
    "snapshot_exists": (
        "is a snapshot date already stored (load {detail}): replace it with --replace on the "
        "command line (or confirm 'replace' on the Data page), or pick another snapshot date"
    ),
}


def _others(detail: str | None) -> str:
    """' (also on N other rows)' for a per-rep problem reported once at the rep's first row."""
    try:
        n = int(detail or 0)
    except ValueError:
        return ""
    if n <= 0:
        return ""
    return f" (also on {n} other row{'s' if n != 1 else ''})"


def row_error(
    row: int | None, column: str | None, value: str | None, code: str, detail: str | None
) -> RowError:
    """A RowError with the message of its code; `column` is the header as the file has it."""
    template = MESSAGES.get(code, code)
    text = template.format(detail=detail or "", others=_others(detail), value=value or "")
    params = (("detail", detail or ""), ("value", value or ""))
    return RowError(
        row, column, value, text, code=code if code in MESSAGES else None, params=params
    )
