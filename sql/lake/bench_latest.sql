-- Bench (bench/lake.py): open pipeline of one snapshot by rep; a filter on the partition column
-- with a bound date, which reads one partition of the lake.
SELECT rep, count(*) AS deals, sum(amount) AS amount
FROM snapshots
WHERE snapshot_date = $snapshot_date AND forecast_category NOT IN ('won', 'lost')
GROUP BY rep
