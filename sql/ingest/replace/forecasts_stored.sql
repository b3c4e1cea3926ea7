-- Stored forecasts of a rep's submission for a review month that the file submits again.
SELECT count(*) AS n, list_sort(list(DISTINCT f.load_id)) AS load_ids
FROM forecasts f
JOIN (SELECT DISTINCT m.rep, s.review_month FROM ingest_stage s JOIN ingest_rep_match m USING (rep_raw)) k
  ON f.rep = k.rep AND f.review_month = k.review_month
