SELECT count(*) FROM ingest_errors
