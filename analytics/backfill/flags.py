"""What the pages need to know about rebuilt history: which snapshot dates have no slips to show."""

from __future__ import annotations

from datetime import date

from analytics.store import Store


def rebuilt_range(store: Store) -> tuple[date, date] | None:
    """The first and last snapshot date rebuilt from one extract without field history (load kind
    `backfill`), or None. On those dates a deal's close date and amount never change, so M11
    slipped/stale counts and the M12 pulled-in, pushed-out, increased and decreased steps are
    not observed (zero by construction, not by fact)."""
    rows = store.rows("backfill/rebuilt_range")
    if not rows or rows[0][0] is None:
        return None
    first, last = rows[0]
    return first, last
