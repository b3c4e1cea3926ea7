-- The deals behind views/stage_mix.sql: one row per deal of the snapshot as of $as_of (latest
-- on or before it, at most $max_age days old; default the latest snapshot) with category commit,
-- upside, pipeline or won, in the filters and (when given) closing in [$win_from, $win_to], with
-- its ladder stage (the highest of 0, 25, 50, 60, 70, 80, 90, 100 at or below its stage).
-- Rows from deal_history (sql/derived/), clustered by snapshot date.
WITH snap AS (
    SELECT CASE WHEN $as_of IS NULL THEN latest_snapshot()
                ELSE snapshot_index_as_of($as_of, $max_age) END AS snap_date
)
SELECT CASE WHEN s.stage >= 100 THEN 100 WHEN s.stage >= 90 THEN 90
            WHEN s.stage >= 80 THEN 80 WHEN s.stage >= 70 THEN 70
            WHEN s.stage >= 60 THEN 60 WHEN s.stage >= 50 THEN 50
            WHEN s.stage >= 25 THEN 25 ELSE 0 END AS ladder_stage,
       s.forecast_category, s.opportunity_id, s.opportunity_name, s.account, s.rep, d.region,
       s.stage, s.amount, s.close_date, s.created_date, s.snapshot_date
FROM deal_history s
JOIN rep_current d ON d.rep = s.rep
WHERE s.snapshot_date = (SELECT snap_date FROM snap)
  AND s.forecast_category IN ('commit', 'upside', 'pipeline', 'won')
  AND in_filter(s.rep, d.region, $regions, $reps)
  AND ($win_from IS NULL OR s.close_date >= CAST($win_from AS DATE))
  AND ($win_to IS NULL OR s.close_date <= CAST($win_to AS DATE))
ORDER BY ladder_stage DESC, s.amount DESC, s.opportunity_id
