SELECT DISTINCT snapshot_date FROM ingest_stage ORDER BY snapshot_date
