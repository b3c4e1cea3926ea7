-- projection_outcomes: M19's calibration history added up once per data change. An observation is
-- an open row (0 < stage < 100, category commit, upside or pipeline) of a snapshot S whose
-- close_date lies within two months of S's month (so every fiscal quarter holding S can be told
-- at query time, whatever fiscal_year_start_month is), with what became of the deal after S:
--   won_month   the month of its first actual booking (won_deals) when that is on or after S and
--               before S's month + 3 (later wins cannot fall in S's quarter); NULL otherwise
--   lost_month  the month of the first snapshot after S showing it lost, likewise; NULL otherwise
-- Grouped by snapshot, rep, ladder stage (M15's ladder), close month and those two months: deals
-- and amount (the row's amount). sql/metrics/m19_history.sql reads it with the fiscal quarter's
-- bounds (months) and keeps only the quarters that ended before its as-of.
WITH obs AS (
    SELECT h.snapshot_date, h.rep, h.opportunity_id, CAST(h.amount AS DOUBLE) AS amount,
           CAST(date_trunc('month', h.close_date) AS DATE) AS close_month,
           CAST(date_trunc('month', h.snapshot_date) + INTERVAL 3 MONTH AS DATE) AS horizon,
           CASE WHEN h.stage >= 90 THEN 90 WHEN h.stage >= 80 THEN 80 WHEN h.stage >= 70 THEN 70
                WHEN h.stage >= 60 THEN 60 WHEN h.stage >= 50 THEN 50 WHEN h.stage >= 25 THEN 25
                ELSE 0 END AS ladder_stage
    FROM deal_history h
    WHERE h.stage > 0 AND h.stage < 100
      AND h.forecast_category IN ('commit', 'upside', 'pipeline')
      AND h.close_date >= CAST(date_trunc('month', h.snapshot_date) - INTERVAL 2 MONTH AS DATE)
      AND h.close_date < CAST(date_trunc('month', h.snapshot_date) + INTERVAL 3 MONTH AS DATE)
)
SELECT o.snapshot_date, o.rep, o.ladder_stage, o.close_month,
       CASE WHEN w.closed_on >= o.snapshot_date AND w.closed_on < o.horizon
            THEN CAST(date_trunc('month', w.closed_on) AS DATE) END AS won_month,
       CASE WHEN f.lost_on > o.snapshot_date AND f.lost_on < o.horizon
            THEN CAST(date_trunc('month', f.lost_on) AS DATE) END AS lost_month,
       count(*) AS deals,
       sum(o.amount) AS amount
FROM obs o
LEFT JOIN won_deals w ON w.opportunity_id = o.opportunity_id
LEFT JOIN deal_facts f ON f.opportunity_id = o.opportunity_id
GROUP BY ALL
ORDER BY o.snapshot_date
