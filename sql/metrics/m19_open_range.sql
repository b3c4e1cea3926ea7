-- M19 backtest, the present of every replayed snapshot at once: for every snapshot date in
-- [$date_from, $date_to], the open deals (0 < stage < 100, category commit, upside or pipeline)
-- whose close_date lies in that snapshot's fiscal quarter, one row per deal and snapshot with its
-- scope, amount, stage, ladder stage and category (m19_open.sql, one scan instead of one per
-- snapshot). Each snapshot's rows are its own: nothing dated after it.
SELECT s.snapshot_date,
       scope_of(s.rep, d.region, $by) AS scope,
       CAST(s.amount AS DOUBLE) AS amount,
       s.stage,
       CASE WHEN s.stage >= 90 THEN 90 WHEN s.stage >= 80 THEN 80 WHEN s.stage >= 70 THEN 70
            WHEN s.stage >= 60 THEN 60 WHEN s.stage >= 50 THEN 50 WHEN s.stage >= 25 THEN 25
            ELSE 0 END AS ladder_stage,
       s.forecast_category
FROM deal_history s
JOIN rep_current d ON d.rep = s.rep
WHERE s.snapshot_date >= CAST($date_from AS DATE) AND s.snapshot_date <= CAST($date_to AS DATE)
  AND s.stage > 0 AND s.stage < 100
  AND s.forecast_category IN ('commit', 'upside', 'pipeline')
  AND fiscal_quarter_start(s.close_date, $m0) = fiscal_quarter_start(s.snapshot_date, $m0)
  AND in_filter(s.rep, d.region, $regions, $reps)
ORDER BY s.snapshot_date, scope, amount DESC
