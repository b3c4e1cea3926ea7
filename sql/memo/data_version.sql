-- The version of the data that remembered results (analytics/memo.py) were computed from: the
-- snapshot dates with their row counts and load ids (snapshot_index, kept in step with every load,
-- replace and unload) and each other data table's rows and load ids. Any change to the data
-- changes it; reading it costs a few small aggregates, not a scan of the snapshots.
SELECT md5(string_agg(part, '|' ORDER BY part)) AS data_version
FROM (
    SELECT 'snapshots:' || count(*) || ':' || coalesce(sum(deal_rows), 0) || ':'
           || coalesce(sum(load_sum), 0) || ':' || coalesce(max(snapshot_date)::VARCHAR, '')
           AS part
    FROM snapshot_index
    UNION ALL
    SELECT 'bookings:' || count(*) || ':' || coalesce(sum(load_id), 0) FROM bookings
    UNION ALL
    SELECT 'targets:' || count(*) || ':' || coalesce(sum(load_id), 0) FROM targets
    UNION ALL
    SELECT 'calls:' || count(*) || ':' || coalesce(sum(load_id), 0) FROM calls
    UNION ALL
    SELECT 'forecasts:' || count(*) || ':' || coalesce(sum(load_id), 0) FROM forecasts
    UNION ALL
    SELECT 'reps:' || count(*) || ':' || coalesce(sum(load_id), 0) FROM reps
)
