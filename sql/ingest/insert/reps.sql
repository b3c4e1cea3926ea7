INSERT INTO reps (rep, name, region, manager, tier, active_from, active_to, source, load_id, region_zh)
SELECT rep, name, region, manager, tier, active_from, active_to, 'reps', $load_id, region_zh
FROM ingest_stage
ORDER BY row_no
