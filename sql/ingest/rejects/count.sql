SELECT count(*) FROM ingest_kept
