-- calibration_summary: M15's observations added up. An observation is an open row (0 < stage <
-- 100, category commit, upside or pipeline) of a deal with an outcome (deal_facts), in a snapshot
-- before that outcome; grouped by its snapshot date, the outcome's date and whether it was a win,
-- its rep and its stage, so that M15's filters (snapshot range, as-of date against the outcome,
-- regions and reps) and the ladder still apply when queried.
SELECT s.snapshot_date, f.outcome_date, f.outcome_won AS won, s.rep, s.stage,
       count(*) AS observations,
       sum(s.amount) AS amount
FROM snapshots s
JOIN deal_facts f ON f.opportunity_id = s.opportunity_id
WHERE s.snapshot_date < f.outcome_date
  AND s.stage > 0 AND s.stage < 100
  AND s.forecast_category IN ('commit', 'upside', 'pipeline')
GROUP BY ALL
ORDER BY f.outcome_date
