"""Loading CSV files into the store: the data contract of DESIGN.md, as implemented.

`ingest_file` loads a whole file into one of the six tables (snapshots, bookings, targets,
calls, forecasts, reps) or raises LoadError and leaves the store unchanged; `check_file`
runs every check of a load without loading (what the Data page shows before Load);
`preview_file` shows how a file would be read. docs/loading.md documents the columns, aliases and formats.

Modules: textfile (bytes, encoding, lines), layout (delimiter, header, report footer),
columns (contract columns and header aliases), reader (DuckDB's CSV reader into temporary
tables), validate (set-based parsing and checks), messages (what each problem means),
load (the transaction), preview, report (result types).
"""

from analytics.errors import LoadError, RowError, SnapshotExistsError
from analytics.ingest.columns import TABLES, map_headers, normalize_header
from analytics.ingest.load import check_file, ingest_file
from analytics.ingest.preview import preview_file
from analytics.ingest.report import FilePreview, LoadReport

__all__ = [
    "TABLES",
    "FilePreview",
    "LoadError",
    "LoadReport",
    "RowError",
    "SnapshotExistsError",
    "check_file",
    "ingest_file",
    "map_headers",
    "normalize_header",
    "preview_file",
]
