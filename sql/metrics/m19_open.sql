-- M19 Quarter projection, the present: the open deals (0 < stage < 100, category commit, upside or
-- pipeline) of the snapshot as of $as_of (the latest snapshot on or before it, at most $max_age
-- days old; default the latest snapshot) whose close_date lies in the snapshot's fiscal quarter,
-- one row per deal with its scope, amount, stage, ladder stage and category. A snapshot without
-- such deals gives one row per nothing; the snapshot and quarter come from m19_snapshot.sql.
WITH snap AS (
    SELECT CASE WHEN $as_of IS NULL THEN latest_snapshot()
                ELSE snapshot_index_as_of($as_of, $max_age) END AS snap_date
)
SELECT scope_of(s.rep, d.region, $by) AS scope,
       CAST(s.amount AS DOUBLE) AS amount,
       s.stage,
       CASE WHEN s.stage >= 90 THEN 90 WHEN s.stage >= 80 THEN 80 WHEN s.stage >= 70 THEN 70
            WHEN s.stage >= 60 THEN 60 WHEN s.stage >= 50 THEN 50 WHEN s.stage >= 25 THEN 25
            ELSE 0 END AS ladder_stage,
       s.forecast_category
FROM deal_history s
JOIN rep_current d ON d.rep = s.rep
WHERE s.snapshot_date = (SELECT snap_date FROM snap)
  AND s.stage > 0 AND s.stage < 100
  AND s.forecast_category IN ('commit', 'upside', 'pipeline')
  AND fiscal_quarter_start(s.close_date, $m0) = fiscal_quarter_start(s.snapshot_date, $m0)
  AND in_filter(s.rep, d.region, $regions, $reps)
ORDER BY scope, amount DESC
