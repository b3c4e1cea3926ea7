-- Stored calls for a rep and week that the file gives again (one call per rep and week).
SELECT count(*) AS n, list_sort(list(DISTINCT c.load_id)) AS load_ids
FROM calls c
JOIN (SELECT DISTINCT m.rep, s.week_start FROM ingest_stage s JOIN ingest_rep_match m USING (rep_raw)) k
  ON c.rep = k.rep AND c.week_start = k.week_start
