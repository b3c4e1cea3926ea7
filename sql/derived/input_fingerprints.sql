-- A fingerprint of each data table that the small derived tables summarize (rows and the sum of
-- their load ids): a load, replace or unload changes it, so unchanged summaries are not rebuilt.
SELECT 'bookings' AS input, count(*) || ':' || coalesce(sum(load_id), 0) AS fingerprint
FROM bookings
UNION ALL
SELECT 'calls', count(*) || ':' || coalesce(sum(load_id), 0) FROM calls
UNION ALL
SELECT 'forecasts', count(*) || ':' || coalesce(sum(load_id), 0) FROM forecasts
UNION ALL
SELECT 'reps', count(*) || ':' || coalesce(sum(load_id), 0) FROM reps
