-- The columns of the last read that DuckDB's reader could not type (the fast path,
-- analytics/ingest/fastpath.py), before the report footer (line < $data_end): they are read again
-- as text.
SELECT DISTINCT column_name
FROM ingest_rejects
WHERE scan_id = (SELECT max(scan_id) FROM ingest_rejects) AND line < $data_end
  AND error_type = 'CAST'
ORDER BY column_name
