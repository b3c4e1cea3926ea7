-- Targets: a rep scope is stored as the matched rep id.
INSERT INTO targets
SELECT s.scope_type, coalesce(m.rep, s.scope), s.month, s.target, s.stretch_target, $load_id
FROM ingest_stage s
LEFT JOIN ingest_rep_match m ON m.rep_raw = s.rep_raw
ORDER BY s.row_no
