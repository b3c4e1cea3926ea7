INSERT INTO calls
SELECT
    m.rep, s.week_start, s.submitted_at, s.commit_amount, s.upside, s.month_forecast,
    s.month_upside, s.quarter_forecast, s.quarter_upside, $load_id
FROM ingest_stage s
JOIN ingest_rep_match m USING (rep_raw)
ORDER BY s.row_no
