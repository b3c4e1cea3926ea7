-- Opt-in rejects: freeze the numbered rows into a table that rows can be deleted from (row
-- numbers stay those of the file), and point ingest_numbered at it.
CREATE OR REPLACE TEMP TABLE ingest_kept AS SELECT * FROM ingest_numbered;
CREATE OR REPLACE TEMP VIEW ingest_numbered AS SELECT * FROM ingest_kept;
