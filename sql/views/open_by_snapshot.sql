-- Open pipeline per snapshot and scope: for every snapshot dated in [$date_from, $date_to]
-- (a missing bound is open) and every scope seen in those snapshots, the open amount and deal
-- count (0 < stage < 100, category commit, upside or pipeline), the open commit amount and the
-- weighted amount (amount x stage / 100). A scope without open deals in a snapshot shows 0.
WITH dates AS (
    SELECT snapshot_date
    FROM snapshot_index
    WHERE ($date_from IS NULL OR snapshot_date >= CAST($date_from AS DATE))
      AND ($date_to IS NULL OR snapshot_date <= CAST($date_to AS DATE))
),
rows_in AS (
    -- snapshot_summary (sql/derived/): deals and amounts per snapshot, rep, category and stage
    SELECT s.snapshot_date, scope_of(s.rep, d.region, $by) AS scope, s.stage, s.amount, s.deals,
           s.forecast_category,
           s.stage > 0 AND s.stage < 100
               AND s.forecast_category IN ('commit', 'upside', 'pipeline') AS is_open
    FROM snapshot_summary s
    JOIN rep_current d ON d.rep = s.rep
    WHERE s.snapshot_date IN (SELECT snapshot_date FROM dates)
      AND in_filter(s.rep, d.region, $regions, $reps)
),
per_scope AS (
    SELECT snapshot_date, scope,
           sum(amount) FILTER (WHERE is_open) AS open_amount,
           CAST(sum(deals) FILTER (WHERE is_open) AS BIGINT) AS open_deals,
           sum(amount) FILTER (WHERE is_open AND forecast_category = 'commit') AS commit_amount,
           sum(amount * stage / 100) FILTER (WHERE is_open) AS weighted_amount
    FROM rows_in
    GROUP BY ALL
),
scopes AS (
    SELECT DISTINCT scope FROM rows_in
)
SELECT x.snapshot_date, sc.scope,
       coalesce(p.open_amount, CAST(0 AS DECIMAL(38, 2))) AS open_amount,
       coalesce(p.open_deals, 0) AS open_deals,
       coalesce(p.commit_amount, CAST(0 AS DECIMAL(38, 2))) AS commit_amount,
       coalesce(p.weighted_amount, 0) AS weighted_amount
FROM dates x
CROSS JOIN scopes sc
LEFT JOIN per_scope p ON p.snapshot_date = x.snapshot_date AND p.scope = sc.scope
ORDER BY sc.scope, x.snapshot_date
