-- The deals of one snapshot by ladder stage and forecast category: leads (stage 0), open deals
-- and won deals, i.e. category commit, upside, pipeline or won (lost and omitted deals are left
-- out). The snapshot is the one as of $as_of (latest on or before it, at most $max_age days old;
-- default the latest snapshot). A probability counts in the highest ladder stage at or below
-- it (0, 25, 50, 60, 70, 80, 90, 100). $win_from/$win_to, when given, keep the deals whose
-- close_date lies in that window (both days included). Rows from deal_history (sql/derived/).
WITH snap AS (
    SELECT CASE WHEN $as_of IS NULL THEN latest_snapshot()
                ELSE snapshot_index_as_of($as_of, $max_age) END AS snap_date
),
deals AS (
    SELECT CASE WHEN s.stage >= 100 THEN 100 WHEN s.stage >= 90 THEN 90
                WHEN s.stage >= 80 THEN 80 WHEN s.stage >= 70 THEN 70
                WHEN s.stage >= 60 THEN 60 WHEN s.stage >= 50 THEN 50
                WHEN s.stage >= 25 THEN 25 ELSE 0 END AS stage,
           s.forecast_category,
           s.amount
    FROM deal_history s
    JOIN rep_current d ON d.rep = s.rep
    WHERE s.snapshot_date = (SELECT snap_date FROM snap)
      AND s.forecast_category IN ('commit', 'upside', 'pipeline', 'won')
      AND in_filter(s.rep, d.region, $regions, $reps)
      AND ($win_from IS NULL OR s.close_date >= CAST($win_from AS DATE))
      AND ($win_to IS NULL OR s.close_date <= CAST($win_to AS DATE))
)
SELECT stage, forecast_category, count(*) AS deals, sum(amount) AS amount,
       (SELECT snap_date FROM snap) AS snapshot_date
FROM deals
GROUP BY ALL
ORDER BY stage, forecast_category
