"""History on day one: weekly snapshots rebuilt from one CRM extract, or from its field history.

`backfill_file` writes the history as one load; `preview_backfill` tells what it would write;
`rebuilt_range` tells the pages which snapshot dates were rebuilt without field history.
docs/loading.md ("History on day one") states the rules.
"""

from analytics.backfill.build import (
    KIND_HISTORY,
    KIND_RULES,
    WITHOUT_HISTORY,
    BackfillReport,
    BackfillRequest,
    backfill_file,
    preview_backfill,
    snapshot_days,
)
from analytics.backfill.flags import NEEDS_HISTORY, history_note, rebuilt_range

__all__ = [
    "KIND_HISTORY",
    "NEEDS_HISTORY",
    "KIND_RULES",
    "WITHOUT_HISTORY",
    "BackfillReport",
    "BackfillRequest",
    "backfill_file",
    "history_note",
    "preview_backfill",
    "rebuilt_range",
    "snapshot_days",
]
