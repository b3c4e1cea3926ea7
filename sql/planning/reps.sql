-- The reps a target plan splits targets among: every rep of the reps table (rep_dim) active
-- at some day of the fiscal year [$fy_start, $fy_end), with region and tier (no tier = C).
SELECT rep, name, region, coalesce(nullif(upper(trim(tier)), ''), 'C') AS tier
FROM rep_dim
WHERE (active_from IS NULL OR active_from < CAST($fy_end AS DATE))
  AND (active_to IS NULL OR active_to >= CAST($fy_start AS DATE))
ORDER BY region, tier, rep
