-- Records DuckDB could not parse in the last read, before the report footer (line < $data_end):
-- one row per line (a short record is reported once, at its first missing column).
WITH per_line AS (
    SELECT line, column_idx, column_name, error_type, csv_line
    FROM ingest_rejects
    WHERE scan_id = (SELECT max(scan_id) FROM ingest_rejects) AND line < $data_end
    QUALIFY row_number() OVER (PARTITION BY line ORDER BY column_idx) = 1
)
SELECT line, column_idx, column_name, error_type, csv_line, count(*) OVER () AS total
FROM per_line
ORDER BY line
LIMIT $cap
