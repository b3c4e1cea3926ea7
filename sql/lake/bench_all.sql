-- Bench (bench/lake.py): the same aggregate over every snapshot (reads every partition).
SELECT snapshot_date, count(*) AS deals, sum(amount) AS amount
FROM snapshots
WHERE forecast_category NOT IN ('won', 'lost')
GROUP BY snapshot_date
