-- Read a history file's records as text into backfill_history_raw, keeping the columns that have
-- a role ($keep); $columns names every column of the file. The dialect is given, not sniffed.
INSERT INTO backfill_history_raw BY NAME
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
    max_line_size = 4194304
)
