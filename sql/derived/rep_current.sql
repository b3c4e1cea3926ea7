-- rep_current: rep_dim (schema.sql: each rep's name, region and activity, the reps table's latest
-- load first) kept as a table, so that every metric query joins a table instead of ranking the
-- reps table again.
SELECT rep, name, region, manager, tier, active_from, active_to
FROM rep_dim
ORDER BY rep
