-- The rows that name one of the refused reps (a rep problem is reported on its first row only).
SELECT row_no FROM ingest_stage WHERE list_contains(CAST($reps AS VARCHAR[]), rep_raw)
