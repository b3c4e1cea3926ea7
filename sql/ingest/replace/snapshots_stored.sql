-- Snapshot dates of the file that the store already holds: first row of the date in the file,
-- the loads that brought the stored rows, and how many rows they are.
SELECT
    f.snapshot_date, f.first_row, list_sort(list(DISTINCT s.load_id)) AS load_ids, count(*) AS n
FROM (
    SELECT snapshot_date, min(row_no) AS first_row
    FROM ingest_stage WHERE snapshot_date IS NOT NULL GROUP BY snapshot_date
) f
JOIN snapshots s ON s.snapshot_date = f.snapshot_date
GROUP BY f.snapshot_date, f.first_row
ORDER BY f.snapshot_date
