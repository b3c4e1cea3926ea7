-- ingest_numbered for a file with empty lines: each record's row number is shifted by the empty
-- lines before it (ingest_blanks). Positions as in numbered.sql.
CREATE OR REPLACE TEMP VIEW ingest_numbered AS
WITH r AS (
    SELECT *, rowid - (SELECT min(rowid) FROM ingest_raw) AS pos FROM ingest_raw
)
SELECT r.* EXCLUDE (pos), CAST(r.pos + 2 + coalesce(b.k, 0) AS BIGINT) AS row_no
FROM r
ASOF LEFT JOIN ingest_blanks b ON r.pos >= b.t
