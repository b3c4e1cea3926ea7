-- Reps seen in a snapshot file but unknown to the store: created from the region on their rows,
-- marked source = 'derived' (a reps file later takes precedence in rep_dim).
INSERT INTO reps (rep, name, region, manager, tier, active_from, active_to, source, load_id)
SELECT DISTINCT new_rep, new_rep, new_region, NULL, NULL, NULL, NULL, 'derived', $load_id
FROM ingest_rep_match
WHERE unknown AND new_region IS NOT NULL
