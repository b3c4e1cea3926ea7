-- Snapshot dates of the spine that the store already holds, with the loads that hold them.
SELECT w.snapshot_date, list_sort(list(DISTINCT s.load_id)) AS load_ids
FROM backfill_weeks w
JOIN snapshots s ON s.snapshot_date = w.snapshot_date
GROUP BY w.snapshot_date
ORDER BY w.snapshot_date
