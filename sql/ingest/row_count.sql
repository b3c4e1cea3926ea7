SELECT count(*) FROM ingest_raw
