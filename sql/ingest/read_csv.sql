-- Read the file's records as text into ingest_raw, keeping only the mapped columns ($keep).
-- $columns names every file column (mapped ones by their key, the others unmapped_N); the
-- dialect is given, not sniffed. Records that do not parse (wrong number of fields, an
-- unterminated quote) go to ingest_rejects with their line number instead of stopping the read.
-- $columns may type a clean column itself (DATE in $dateformat, DECIMAL; the fast path,
-- analytics/ingest/fastpath.py): a value it cannot type is a CAST entry of ingest_rejects.
-- strict_mode stays at its default (on): set explicitly together with new_line = '\r\n',
-- DuckDB 2.0 silently reads no rows.
INSERT INTO ingest_raw BY NAME
SELECT COLUMNS(lambda c: list_contains($keep, c))
FROM read_csv(
    $path,
    auto_detect = false,
    header = true,
    columns = $columns,
    delim = $delim,
    quote = '"',
    escape = '"',
    new_line = $new_line,
    dateformat = $dateformat,
    ignore_errors = true,
    store_rejects = true,
    rejects_table = 'ingest_rejects',
    rejects_scan = 'ingest_reject_scans',
    max_line_size = 4194304
)
