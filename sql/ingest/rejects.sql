-- Records DuckDB could not parse in the last read, before the report footer (line < $data_end).
SELECT line, column_idx, column_name, error_type, csv_line, count(*) OVER () AS total
FROM ingest_rejects
WHERE scan_id = (SELECT max(scan_id) FROM ingest_rejects) AND line < $data_end
ORDER BY line
LIMIT $cap
