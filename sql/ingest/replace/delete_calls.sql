DELETE FROM calls c
USING (SELECT DISTINCT m.rep, s.week_start FROM ingest_stage s JOIN ingest_rep_match m USING (rep_raw)) k
WHERE c.rep = k.rep AND c.week_start = k.week_start
