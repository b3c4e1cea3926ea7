-- ingest_raw with each record's row number as the user counts it (header = row 1), for a file
-- without empty lines (numbered_blanks.sql otherwise). rowids follow the insertion (file) order
-- but may start at an offset (rows written inside a transaction), so the position is counted
-- from the smallest rowid.
CREATE OR REPLACE TEMP VIEW ingest_numbered AS
SELECT *, CAST(rowid - (SELECT min(rowid) FROM ingest_raw) + 2 AS BIGINT) AS row_no
FROM ingest_raw
