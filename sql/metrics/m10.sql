-- M10 Pipeline growth and M10c Commit growth per period P (a month by default) and scope:
--   (amount at the last snapshot of P - amount at the last snapshot of the period before P)
--   / amount at the last snapshot of the period before P.
-- The amount is the open pipeline (open deals: 0 < stage < 100, category commit, upside or
-- pipeline); with $commit_only the open commit deals only (M10c). Only snapshots on or before
-- $as_of count when it is given. NULL when either snapshot is missing or the earlier amount is 0.
-- Snapshot dates and amounts come from snapshot_index and snapshot_summary (sql/derived/).
WITH dates AS (
    SELECT snapshot_date AS d
    FROM snapshot_index
    WHERE $as_of IS NULL OR snapshot_date <= CAST($as_of AS DATE)
),
last_of AS (
    SELECT period_start(d, $grain, $m0) AS p_start, max(d) AS snap FROM dates GROUP BY 1
),
periods AS (
    SELECT l.p_start, l.snap, prev.snap AS prev_snap
    FROM last_of l
    LEFT JOIN last_of prev
      ON prev.p_start = period_start(CAST(l.p_start - INTERVAL 1 DAY AS DATE), $grain, $m0)
    WHERE ($date_from IS NULL OR l.p_start >= $date_from)
      AND ($date_to IS NULL OR l.p_start <= $date_to)
),
needed AS (
    SELECT snap AS d FROM periods
    UNION
    SELECT prev_snap FROM periods WHERE prev_snap IS NOT NULL
),
amounts AS (
    SELECT s.snapshot_date, scope_of(s.rep, d.region, $by) AS scope,
           sum(s.amount) AS amount, CAST(sum(s.deals) AS BIGINT) AS deals
    FROM snapshot_summary s
    JOIN rep_current d ON d.rep = s.rep
    WHERE s.snapshot_date IN (SELECT d FROM needed)
      AND s.stage > 0 AND s.stage < 100
      AND s.forecast_category IN ('commit', 'upside', 'pipeline')
      AND (NOT $commit_only OR s.forecast_category = 'commit')
      AND in_filter(s.rep, d.region, $regions, $reps)
    GROUP BY ALL
),
keys AS (
    SELECT DISTINCT p.p_start, p.snap, p.prev_snap, a.scope
    FROM periods p
    JOIN amounts a ON a.snapshot_date = p.snap OR a.snapshot_date = p.prev_snap
),
joined AS (
    SELECT k.p_start, k.scope, k.snap, k.prev_snap,
           coalesce(cur.amount, 0) AS amount,
           coalesce(cur.deals, 0) AS deals,
           CASE WHEN k.prev_snap IS NOT NULL THEN coalesce(prev.amount, 0) END AS previous,
           CASE WHEN k.prev_snap IS NOT NULL THEN coalesce(prev.deals, 0) END AS previous_deals
    FROM keys k
    LEFT JOIN amounts cur ON cur.snapshot_date = k.snap AND cur.scope = k.scope
    LEFT JOIN amounts prev ON prev.snapshot_date = k.prev_snap AND prev.scope = k.scope
)
SELECT p_start AS period_start,
       period_label(p_start, $grain, $m0) AS period,
       scope,
       CASE WHEN previous > 0 THEN CAST(amount - previous AS DOUBLE) / CAST(previous AS DOUBLE) END
           AS value,
       CASE WHEN previous IS NOT NULL THEN amount - previous END AS change,
       previous,
       amount AS current_amount,
       deals,
       previous_deals,
       CASE
           WHEN NOT previous > 0 OR previous IS NULL THEN NULL
           WHEN CAST(amount - previous AS DOUBLE) / CAST(previous AS DOUBLE) < $m10_floor
               THEN 'below_floor'
           WHEN CAST(amount - previous AS DOUBLE) / CAST(previous AS DOUBLE) < $m10_good
               THEN 'normal'
           ELSE 'good'
       END AS status,
       snap AS snapshot_date,
       prev_snap AS previous_snapshot_date
FROM joined
