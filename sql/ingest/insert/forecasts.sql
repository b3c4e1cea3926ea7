INSERT INTO forecasts
SELECT m.rep, s.review_month, s.submitted_at, s.month, s.forecast, s.upside, $load_id
FROM ingest_stage s
JOIN ingest_rep_match m USING (rep_raw)
ORDER BY s.row_no
