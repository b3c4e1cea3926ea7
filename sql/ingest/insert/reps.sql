INSERT INTO reps (rep, name, region, manager, tier, active_from, active_to, source, load_id)
SELECT rep, name, region, manager, tier, active_from, active_to, 'reps', $load_id
FROM ingest_stage
ORDER BY row_no
