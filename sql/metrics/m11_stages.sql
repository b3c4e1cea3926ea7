-- Stage distribution of the open pipeline at snapshot s (as of $as_of, default the latest):
-- amount and count of open deals per scope and ladder stage, a probability placed in the
-- highest ladder stage at or below it (0, 25, 50, 60, 70, 80, 90; open deals are below 100).
-- Every ladder stage appears for every scope that has open deals, with 0 where none.
-- Read from snapshot_summary (sql/derived/), which adds up the snapshot's deals per rep and stage.
WITH snap AS (
    SELECT CASE WHEN $as_of IS NULL THEN latest_snapshot()
                ELSE snapshot_index_as_of($as_of, $max_age) END AS snap_date
),
ladder AS (
    SELECT unnest([0, 25, 50, 60, 70, 80, 90]) AS stage
),
deals AS (
    -- from snapshot_summary (sql/derived/): deals and amounts per rep, category and stage
    SELECT scope_of(s.rep, d.region, $by) AS scope,
           CASE WHEN s.stage >= 90 THEN 90 WHEN s.stage >= 80 THEN 80 WHEN s.stage >= 70 THEN 70
                WHEN s.stage >= 60 THEN 60 WHEN s.stage >= 50 THEN 50 WHEN s.stage >= 25 THEN 25
                ELSE 0 END AS stage,
           s.deals,
           s.amount
    FROM snapshot_summary s
    JOIN rep_current d ON d.rep = s.rep
    WHERE s.snapshot_date = (SELECT snap_date FROM snap)
      AND s.stage > 0 AND s.stage < 100
      AND s.forecast_category IN ('commit', 'upside', 'pipeline')
      AND in_filter(s.rep, d.region, $regions, $reps)
),
per_stage AS (
    SELECT scope, stage, CAST(sum(deals) AS BIGINT) AS deals, sum(amount) AS amount
    FROM deals GROUP BY ALL
)
SELECT sc.scope, l.stage, coalesce(p.deals, 0) AS deals,
       coalesce(p.amount, CAST(0 AS DECIMAL(38, 2))) AS amount,
       (SELECT snap_date FROM snap) AS snapshot_date
FROM (SELECT DISTINCT scope FROM deals) sc
CROSS JOIN ladder l
LEFT JOIN per_stage p ON p.scope = sc.scope AND p.stage = l.stage
ORDER BY sc.scope, l.stage
