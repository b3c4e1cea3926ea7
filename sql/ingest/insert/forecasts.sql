-- Levels as in insert/calls.sql.
INSERT INTO forecasts (
    rep, review_month, submitted_at, month, forecast, upside, load_id, scope_type, scope,
    submitted_by, note
)
SELECT
    m.rep, s.review_month, s.submitted_at, s.month, s.forecast, s.upside, $load_id, s.level,
    CASE s.level
        WHEN 'rep' THEN m.rep
        WHEN 'manager' THEN (SELECT min(d.manager) FROM rep_dim d
                             WHERE ing_key(d.manager) = ing_key(s.scope_name))
        WHEN 'region' THEN (SELECT min(d.region) FROM rep_dim d
                            WHERE ing_key(d.region) = ing_key(s.scope_name))
        ELSE 'company'
    END,
    s.submitted_by, s.note
FROM ingest_stage s
LEFT JOIN ingest_rep_match m USING (rep_raw)
ORDER BY s.row_no
