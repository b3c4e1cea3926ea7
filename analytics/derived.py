"""Tables derived from the loaded data, rebuilt in the same transaction as every load or unload."""

from __future__ import annotations

import duckdb


def refresh(cur: duckdb.DuckDBPyConnection) -> None:
    """Rebuild derived tables. Nothing is pre-aggregated yet; the hook keeps loads consistent."""
    return None
