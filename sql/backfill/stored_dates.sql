-- Snapshot dates the store already holds within the spine's span [$first, $last] (on any
-- weekday: weekly snapshots of two sources must not interleave), with the loads that hold them.
SELECT snapshot_date, list_sort(list(DISTINCT load_id)) AS load_ids
FROM snapshots
WHERE snapshot_date BETWEEN CAST($first AS DATE) AND CAST($last AS DATE)
GROUP BY snapshot_date
ORDER BY snapshot_date
