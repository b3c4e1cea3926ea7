DELETE FROM forecasts f
USING (SELECT DISTINCT m.rep, s.review_month FROM ingest_stage s JOIN ingest_rep_match m USING (rep_raw)) k
WHERE f.rep = k.rep AND f.review_month = k.review_month
