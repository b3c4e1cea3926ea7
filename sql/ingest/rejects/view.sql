-- The checks read ingest_numbered: from now on, the rows kept (rejects/keep.sql).
CREATE OR REPLACE TEMP VIEW ingest_numbered AS SELECT * FROM ingest_kept
