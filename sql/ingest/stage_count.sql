SELECT count(*) FROM ingest_stage
