"""The project's own exceptions: what the command line and pages show instead of a traceback."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


class ForecastDeskError(Exception):
    """Base class: an error whose message is meant for a person."""


@dataclass(frozen=True)
class RowError:
    """One problem in an input file, located the way a person counts rows (header = row 1)."""

    row: int | None
    column: str | None
    value: str | None
    message: str
    # The problem's code (analytics/ingest/messages.py) and the values its text is filled with,
    # so that a page can show the message in another language; None for other problems.
    code: str | None = field(default=None, compare=False)
    params: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def describe(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        loc = ", ".join(where)
        val = "" if self.value is None else f" value '{_short(self.value)}':"
        return f"{loc}:{val} {self.message}" if loc else f"{val} {self.message}".strip()


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", "\\n").replace("\r", "\\r").replace("\x00", "\\0")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class LoadError(ForecastDeskError):
    """A file was refused; nothing from it was stored."""

    file_name: str
    errors: list[RowError] = field(default_factory=list)
    total_errors: int | None = None

    def __post_init__(self) -> None:
        super().__init__(self.render())

    def render(self, cap: int = 50) -> str:
        total = self.total_errors if self.total_errors is not None else len(self.errors)
        lines = [f"{self.file_name}: refused, nothing was loaded ({total} problem(s))."]
        for err in self.errors[:cap]:
            lines.append(f"  {self.file_name}: {err.describe()}")
        rest = total - min(len(self.errors), cap)
        if rest > 0:
            lines.append(f"  … and {rest} more problem(s) not shown.")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


class StoreBusyError(ForecastDeskError):
    """The database file is held by another process."""


class UsageError(ForecastDeskError):
    """A command or parameter that makes no sense (unknown metric, bad date, …)."""


@dataclass
class SnapshotExistsError(LoadError):
    """A snapshot file whose only problem is that its snapshot date(s) are already stored.

    The upload page asks "replace?" and loads again with replace=True; the CLI says --replace.
    """

    existing_dates: tuple[date, ...] = ()
    # how many stored snapshot rows of those dates a replace drops
    existing_rows: int = 0
