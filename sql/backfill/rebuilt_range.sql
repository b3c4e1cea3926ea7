-- The snapshot dates rebuilt from one extract without field history (loads of kind 'backfill'):
-- slips and amount changes before the extract cannot be seen on them (M11 slipped, M12 pushed
-- out). NULLs when there are none.
SELECT min(snapshot_date) AS first_date, max(snapshot_date) AS last_date
FROM snapshots
WHERE load_id IN (SELECT load_id FROM loads WHERE table_name = 'backfill')
