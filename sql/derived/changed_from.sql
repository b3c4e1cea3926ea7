-- The earliest snapshot date whose rows differ from what snapshot_index recorded at the last
-- refresh (a date added, removed, replaced or partly unloaded); NULL when none does.
WITH now AS (
    SELECT snapshot_date, count(*) AS deal_rows, sum(load_id) AS load_sum
    FROM snapshots
    GROUP BY snapshot_date
)
SELECT min(coalesce(n.snapshot_date, x.snapshot_date))
FROM now n
FULL OUTER JOIN snapshot_index x ON x.snapshot_date = n.snapshot_date
WHERE n.deal_rows IS DISTINCT FROM x.deal_rows OR n.load_sum IS DISTINCT FROM x.load_sum
