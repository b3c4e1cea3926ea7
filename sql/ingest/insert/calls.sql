-- A rep's row gets its matched rep id in rep and scope; a manager's or region's row the name as
-- the reps table spells it; the company's 'company'.
INSERT INTO calls (
    rep, week_start, submitted_at, commit_amount, upside, month_forecast, month_upside,
    quarter_forecast, quarter_upside, load_id, scope_type, scope, submitted_by, note
)
SELECT
    m.rep, s.week_start, s.submitted_at, s.commit_amount, s.upside, s.month_forecast,
    s.month_upside, s.quarter_forecast, s.quarter_upside, $load_id, s.level,
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
