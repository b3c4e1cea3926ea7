-- The first records after mapping, for the upload page's preview.
SELECT row_no, COLUMNS(lambda c: list_contains($keep, c))
FROM ingest_numbered
ORDER BY row_no
LIMIT $limit
