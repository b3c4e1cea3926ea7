-- ingest_raw with each record's row number as the user counts it (header = row 1). rowids of
-- a table follow the insertion (file) order but may start at an offset (rows written inside a
-- transaction), so the position is counted from the smallest rowid.
CREATE OR REPLACE TEMP VIEW ingest_numbered AS
WITH r AS (
    SELECT *, rowid - (SELECT min(rowid) FROM ingest_raw) AS pos FROM ingest_raw
)
SELECT r.* EXCLUDE (pos), CAST(r.pos + 2 + coalesce(b.k, 0) AS BIGINT) AS row_no
FROM r
ASOF LEFT JOIN ingest_blanks b ON r.pos >= b.t
