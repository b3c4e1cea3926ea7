-- M19 Quarter projection: target and stretch target per scope of the fiscal quarter that begins on
-- $quarter_start (scope_targets: a scope's own rows, else the sum of what it contains), NULL unless
-- all three months have one.
SELECT scope,
       CASE WHEN count(DISTINCT month) = 3 THEN CAST(sum(target) AS DOUBLE) END AS target,
       CASE WHEN count(DISTINCT month) = 3 THEN CAST(sum(stretch_target) AS DOUBLE) END
           AS stretch_target
FROM scope_targets($by, $regions, $reps)
WHERE month >= CAST($quarter_start AS DATE)
  AND month < CAST(CAST($quarter_start AS DATE) + INTERVAL 3 MONTH AS DATE)
GROUP BY scope
ORDER BY scope
