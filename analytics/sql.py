"""SQL text lives in sql/<name>.sql, one statement per file, loaded by name.

Values are always bound as named parameters ($name); identifiers that must vary come only
from allow-lists in the calling module, never from user input.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


@cache
def load_sql(name: str) -> str:
    """Return the text of sql/<name>.sql (name may contain a sub-folder, e.g. 'metrics/m1')."""
    if ".." in name or name.startswith("/"):
        raise ValueError(f"invalid SQL name: {name!r}")
    path = SQL_DIR / f"{name}.sql"
    return path.read_text(encoding="utf-8")


def sql_names() -> list[str]:
    """Every SQL file name known to the project, for the test that runs them all."""
    return sorted(
        str(p.relative_to(SQL_DIR).with_suffix("")).replace("\\", "/")
        for p in SQL_DIR.rglob("*.sql")
    )
