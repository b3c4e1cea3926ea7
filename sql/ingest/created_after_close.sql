-- Snapshot rows whose deal was created after its close date (common in migrated CRM data): how
-- many, and the first rows, for a load note. M17 leaves such deals out of its average cycle.
SELECT count(*) AS n, list(row_no ORDER BY row_no)[1:5] AS first_rows
FROM ingest_stage
WHERE created_date IS NOT NULL AND close_date IS NOT NULL AND created_date > close_date
