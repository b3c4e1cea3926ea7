"""Tiny hand-made datasets for the metric tests: rows inserted with bound SQL (load_id 1).

Each helper takes plain tuples so a test reads like the table it builds. Dates are ISO strings
or `date` values; amounts are numbers. The store uses explicit Settings so that a settings file
lying around in data/ cannot change the answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from analytics.settings import Settings
from analytics.store import Store

Checklist = tuple[bool | None, bool | None, bool | None, bool | None, bool | None]
ALL_TRUE: Checklist = (True, True, True, True, True)


def make_store(path: str | Path = ":memory:", **settings: Any) -> Store:
    """A fresh store with default settings, overridden by keyword (fiscal_year_start_month=8)."""
    return Store(path, settings=Settings(**settings))


def _insert(store: Store, sql: str, rows: Iterable[Sequence[Any]]) -> None:
    with store.transaction() as cur:
        for row in rows:
            cur.execute(sql, list(row))


def add_reps(store: Store, rows: Iterable[Sequence[Any]]) -> None:
    """(rep, region) or (rep, region, active_from, active_to); the name is 'Name of <rep>'."""
    full = []
    for row in rows:
        rep, region, *rest = row
        active_from, active_to = (rest + [None, None])[:2]
        full.append((rep, f"Name of {rep}", region, active_from, active_to))
    _insert(
        store,
        "INSERT INTO reps (rep, name, region, active_from, active_to, source, load_id) "
        "VALUES (?, ?, ?, ?, ?, 'reps', 1)",
        full,
    )


def add_bookings(store: Store, rows: Iterable[Sequence[Any]]) -> None:
    """(order_id, opportunity_id, rep, booked_date, amount[, status='realized'])."""
    full = [tuple(r) + (("realized",) if len(r) == 5 else ()) for r in rows]
    _insert(
        store,
        "INSERT INTO bookings (order_id, opportunity_id, rep, booked_date, amount, status, load_id) "
        "VALUES (?, ?, ?, ?, ?, ?, 1)",
        full,
    )


def add_calls(store: Store, rows: Iterable[Sequence[Any]]) -> None:
    """(rep, week_start, submitted_at, commit[, upside, month_forecast, month_upside,
    quarter_forecast, quarter_upside]); missing trailing values are NULL."""
    full = [tuple(r) + (None,) * (9 - len(r)) for r in rows]
    _insert(
        store,
        "INSERT INTO calls (rep, week_start, submitted_at, commit_amount, upside, month_forecast, "
        "month_upside, quarter_forecast, quarter_upside, load_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        full,
    )


def add_targets(store: Store, rows: Iterable[Sequence[Any]]) -> None:
    """(scope_type, scope, month 'YYYY-MM', target[, stretch_target = target])."""
    full = []
    for row in rows:
        scope_type, scope, month, target, *rest = row
        stretch = rest[0] if rest else target
        full.append((scope_type, scope, f"{month}-01", target, stretch))
    _insert(
        store,
        "INSERT INTO targets (scope_type, scope, month, target, stretch_target, load_id) "
        "VALUES (?, ?, ?, ?, ?, 1)",
        full,
    )


def add_snapshots(store: Store, rows: Iterable[Sequence[Any]]) -> None:
    """(snapshot_date, opportunity_id, rep, stage, amount, close_date, category[, checklist]).

    checklist: five booleans (config_final, end_user_signed, channel_signed, discount_approved,
    partner_ready) or None for a file without checklist columns.
    """
    full = []
    for row in rows:
        snap, opp, rep, stage, amount, close, category, *rest = row
        checklist: Sequence[bool | None] = rest[0] if rest and rest[0] is not None else (None,) * 5
        full.append((snap, opp, f"Deal {opp}", rep, stage, amount, close, category, *checklist))
    _insert(
        store,
        "INSERT INTO snapshots (snapshot_date, opportunity_id, opportunity_name, rep, stage, "
        "amount, close_date, forecast_category, config_final, end_user_signed, channel_signed, "
        "discount_approved, partner_ready, load_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        full,
    )


def add_forecasts(store: Store, rows: Iterable[Sequence[Any]]) -> None:
    """(rep, review_month 'YYYY-MM', submitted_at[, forecast = 100]); one row, month = review."""
    full = []
    for row in rows:
        rep, review, submitted, *rest = row
        amount = rest[0] if rest else 100
        full.append((rep, f"{review}-01", submitted, f"{review}-01", amount))
    _insert(
        store,
        "INSERT INTO forecasts (rep, review_month, submitted_at, month, forecast, load_id) "
        "VALUES (?, ?, ?, ?, ?, 1)",
        full,
    )


def at(text: str) -> datetime:
    """'2026-01-05 08:30' as a datetime."""
    return datetime.fromisoformat(text)


def d(text: str) -> date:
    return date.fromisoformat(text)


def set_managers(store: Store, managers: dict[str, str]) -> None:
    """Give reps (added by add_reps) a manager: {rep: manager}."""
    _insert(
        store, "UPDATE reps SET manager = ? WHERE rep = ?", [(m, r) for r, m in managers.items()]
    )


def add_scope_calls(store: Store, rows: Iterable[Sequence[Any]]) -> None:
    """(scope_type, scope, week_start, submitted_at, commit[, submitted_by, note]): calls of a
    manager, a region or the company (rep NULL), as a file or the Weekly page stores them."""
    full = [tuple(r) + (None,) * (7 - len(r)) for r in rows]
    _insert(
        store,
        "INSERT INTO calls (scope_type, scope, week_start, submitted_at, commit_amount, "
        "submitted_by, note, load_id) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
        full,
    )
