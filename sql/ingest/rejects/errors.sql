-- Every problem of the staged file (no cap), for leaving its rows out.
SELECT row_no, col, value, code, detail FROM ingest_errors ORDER BY row_no, col NULLS FIRST, code
