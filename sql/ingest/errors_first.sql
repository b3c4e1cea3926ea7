-- The first problems in file order (what a person fixes first).
SELECT row_no, col, value, code, detail
FROM ingest_errors
ORDER BY row_no, col NULLS FIRST, code
LIMIT $cap
