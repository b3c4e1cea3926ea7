"""What the pages need to know about rebuilt history: which snapshot dates have no slips to show."""

from __future__ import annotations

from datetime import date

from analytics.store import Store

# Metrics whose numbers need the changes of close dates and amounts between snapshots.
NEEDS_HISTORY = ("M11", "M11s", "M12")


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


def history_note(store: Store, metric_id: str) -> str | None:
    """A sentence for a metric of NEEDS_HISTORY on a store with rebuilt history, else None."""
    span = rebuilt_range(store)
    if metric_id.upper() not in NEEDS_HISTORY or span is None:
        return None
    return (
        f"the snapshots {span[0].isoformat()} … {span[1].isoformat()} were rebuilt from one extract "
        "without field history: slips and amount changes before the extract cannot be seen there "
        "(M11 slipped and stale deals, M12 pulled in, pushed out, increased, decreased)"
    )
