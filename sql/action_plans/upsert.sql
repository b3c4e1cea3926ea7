-- Store one rep's action plan for a month, replacing the note already stored for that rep and month.
INSERT INTO action_plans (rep, month, note, updated_at)
VALUES ($rep, CAST($month_start AS DATE), $note, CAST($updated_at AS TIMESTAMP))
ON CONFLICT (rep, month) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at
