-- Targets already stored for the months of a plan (a save replaces them: the latest load wins).
SELECT count(*) FROM targets_current
WHERE month >= CAST($fy_start AS DATE) AND month < CAST($fy_end AS DATE)
