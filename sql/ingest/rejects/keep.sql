-- Opt-in rejects: freeze the numbered rows into a table that rows can be deleted from (row
-- numbers stay those of the file); rejects/view.sql then points ingest_numbered at it.
CREATE OR REPLACE TEMP TABLE ingest_kept AS SELECT * FROM ingest_numbered
