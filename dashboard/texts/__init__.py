"""Page-specific texts: each module here defines EN and ZH dicts (same keys) for one page.

dashboard/i18n.py merges them into the shared tables at import, so every text is looked up the
same way and the key-parity test covers them too.
"""

from __future__ import annotations

import importlib
import pkgutil


def merge_into(en: dict[str, str], zh: dict[str, str]) -> None:
    """Add every page module's EN/ZH texts to the shared tables (a duplicate key is an error)."""
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for table, extra in ((en, module.EN), (zh, module.ZH)):
            clash = set(table) & set(extra)
            if clash:
                raise ValueError(f"dashboard/texts/{info.name}.py redefines {sorted(clash)}")
            table.update(extra)
