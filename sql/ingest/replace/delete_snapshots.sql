DELETE FROM snapshots WHERE snapshot_date IN (SELECT DISTINCT snapshot_date FROM ingest_stage)
