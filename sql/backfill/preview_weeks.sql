-- Per snapshot date of a backfill (before it commits, for the preview): deals, open deals, open
-- amount, won and lost deals.
SELECT
    snapshot_date,
    count(*) AS deals,
    count(*) FILTER (WHERE stage > 0 AND stage < 100 AND forecast_category IN ('commit', 'upside', 'pipeline')) AS open_deals,
    coalesce(sum(amount) FILTER (WHERE stage > 0 AND stage < 100 AND forecast_category IN ('commit', 'upside', 'pipeline')), 0) AS open_amount,
    count(*) FILTER (WHERE forecast_category = 'won') AS won,
    count(*) FILTER (WHERE forecast_category = 'lost') AS lost
FROM snapshots
WHERE load_id = $load_id
GROUP BY snapshot_date
ORDER BY snapshot_date
