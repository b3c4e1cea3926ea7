"""What a load or a preview tells the person who loaded the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd


@dataclass(frozen=True)
class LoadReport:
    """A file that was loaded: its load id (for `unload`), how many rows, and what was assumed.

    `notes` are the things a person should know about how the file was read, e.g.
    "forecast_category derived from stage" or "replaced snapshot 2026-01-05 (load 3)".
    """

    load_id: int
    table: str
    file_name: str
    rows: int
    snapshot_dates: tuple[date, ...] = ()
    notes: list[str] = field(default_factory=list)
    rejected: int = 0  # rows left out with --rejects (written to the rejects file)

    def describe(self) -> str:
        """A few lines for the command line."""
        what = f"loaded {self.rows} row{'s' if self.rows != 1 else ''} into {self.table}"
        extra = f"load {self.load_id}"
        if self.snapshot_dates:
            dates = ", ".join(d.isoformat() for d in self.snapshot_dates)
            extra += (
                f"; snapshot {dates}" if len(self.snapshot_dates) == 1 else f"; snapshots {dates}"
            )
        lines = [f"{what} from {self.file_name} ({extra})"]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


@dataclass(frozen=True)
class FilePreview:
    """How a file would be read, before loading it: for the upload page's preview.

    `mapping` maps each contract column to the header found in the file; `missing` lists the
    required columns the file lacks (each entry the accepted alternatives, e.g. "week_start or
    week"); `rows` holds the first records after mapping, with the file's row numbers.
    """

    file_name: str
    table: str
    encoding: str
    delimiter: str
    mapping: dict[str, str]
    unmapped: list[str]
    missing: list[str]
    notes: list[str]
    total_rows: int
    rows: pd.DataFrame
    needs_snapshot_date: bool = False
    # A few decoded values with non-ASCII characters ("Jan Müller"), so that a person sees
    # mojibake before loading; how sure the encoding is ("certain", "high", "medium").
    decoded_samples: tuple[str, ...] = ()
    encoding_confidence: str = "certain"
