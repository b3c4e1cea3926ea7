"""Display names of regions per language (the optional `region_zh` column of the reps file)."""

from __future__ import annotations

from analytics.store import Store


def region_names_zh(store: Store) -> dict[str, str]:
    """Region -> its Chinese name, for the regions whose reps rows give one."""
    return {str(region): str(name) for region, name in store.rows("regions/names_zh")}
