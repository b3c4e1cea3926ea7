-- M17 Sales velocity per evaluation snapshot e and scope (amount per day):
--   open deals at e x win rate x average won amount / average sales cycle in days,
-- with the closed-deal statistics over the twelve months up to e, (e - 12 months, e]:
--   won deal   an opportunity_id with bookings that are not cancelled; won on its first
--              booked_date, for the sum of those bookings, credited to that first booking's rep
--   lost deal  an opportunity_id with a lost row in the snapshots and no such booking; lost on
--              the first snapshot that shows it lost, credited to that row's rep
--   win rate   won / (won + lost) deals;  average won amount = won amount / won deals
--   cycle      booked_date - created_date (earliest created_date on the deal's snapshot rows),
--              averaged over the won deals that carry a created_date
-- Evaluation snapshots as M11: the as-of snapshot, or with a date range the last snapshot of each
-- period in range. Roll-ups add open deals, won and lost counts, won amounts and cycle days
-- before the products and quotients. NULL when any factor is unavailable; with no snapshot as of
-- $as_of, one row per scope of the filter with every number NULL.
-- Open deals come from snapshot_summary, the closed deals from closed_running, the running totals
-- of won and lost deals per rep and day (sql/derived/).
WITH evals AS (  -- the snapshot dates evaluated (sql/derived/macros/)
    SELECT d FROM evaluation_snapshots($as_of, $max_age, $grain, $m0, $date_from, $date_to)
),
open_deals AS (
    SELECT s.snapshot_date AS d, scope_of(s.rep, r.region, $by) AS scope,
           CAST(sum(s.deals) AS BIGINT) AS open_deals
    FROM snapshot_summary s
    JOIN rep_current r ON r.rep = s.rep
    WHERE s.snapshot_date IN (SELECT d FROM evals)
      AND s.stage > 0 AND s.stage < 100
      AND s.forecast_category IN ('commit', 'upside', 'pipeline')
      AND in_filter(s.rep, r.region, $regions, $reps)
    GROUP BY ALL
),
rep_windows AS (
    -- per rep the running totals of closed deals (closed_running, sql/derived/) at the evaluation
    -- snapshot and twelve months before it: their difference is what closed in (e - 12 months, e]
    SELECT e.d, r.rep, r.region, CAST(e.d - INTERVAL 12 MONTH AS DATE) AS year_before
    FROM evals e
    CROSS JOIN rep_current r
    WHERE in_filter(r.rep, r.region, $regions, $reps)
),
at_end AS (
    SELECT w.d, w.rep, w.region, c.won_deals, c.lost_deals, c.won_amount, c.cycle_days_sum,
           c.cycled_deals
    FROM rep_windows w
    ASOF JOIN closed_running c ON c.rep = w.rep AND w.d >= c.closed_on
),
at_start AS (
    SELECT w.d, w.rep, c.won_deals, c.lost_deals, c.won_amount, c.cycle_days_sum, c.cycled_deals
    FROM rep_windows w
    ASOF JOIN closed_running c ON c.rep = w.rep AND w.year_before >= c.closed_on
),
rep_closed AS (
    SELECT e.d, e.rep, e.region,
           e.won_deals - coalesce(s.won_deals, 0) AS won_deals,
           e.lost_deals - coalesce(s.lost_deals, 0) AS lost_deals,
           e.won_amount - coalesce(s.won_amount, 0) AS won_amount,
           e.cycle_days_sum - coalesce(s.cycle_days_sum, 0) AS cycle_days_sum,
           e.cycled_deals - coalesce(s.cycled_deals, 0) AS cycled_deals
    FROM at_end e
    LEFT JOIN at_start s ON s.d = e.d AND s.rep = e.rep
),
closed_stats AS (
    SELECT d, scope_of(rep, region, $by) AS scope,
           CAST(sum(won_deals) AS BIGINT) AS won_deals,
           CAST(sum(lost_deals) AS BIGINT) AS lost_deals,
           CASE WHEN sum(won_deals) > 0 THEN sum(won_amount) END AS won_amount,
           sum(cycle_days_sum) AS cycle_days_sum,
           CAST(sum(cycled_deals) AS BIGINT) AS cycled_deals
    FROM rep_closed
    GROUP BY ALL
    HAVING sum(won_deals) + sum(lost_deals) > 0
),
keys AS (
    SELECT d, scope FROM open_deals
    UNION
    SELECT d, scope FROM closed_stats
    UNION
    -- no snapshot as of $as_of: every scope of the filter, unavailable
    SELECT NULL, scope_of(r.rep, r.region, $by)
    FROM rep_current r
    WHERE $as_of IS NOT NULL AND $date_from IS NULL AND $date_to IS NULL
      AND NOT EXISTS (SELECT 1 FROM evals)
      AND in_filter(r.rep, r.region, $regions, $reps)
),
factors AS (
    SELECT k.d, k.scope,
           CASE WHEN k.d IS NOT NULL THEN coalesce(o.open_deals, 0) END AS open_deals,
           CASE WHEN k.d IS NOT NULL THEN coalesce(c.won_deals, 0) END AS won_deals,
           CASE WHEN k.d IS NOT NULL THEN coalesce(c.lost_deals, 0) END AS lost_deals,
           c.won_amount,
           CASE WHEN c.won_deals + c.lost_deals > 0
                THEN c.won_deals / (c.won_deals + c.lost_deals) END AS win_rate,
           CASE WHEN c.won_deals > 0 THEN CAST(c.won_amount AS DOUBLE) / c.won_deals END
               AS avg_won_amount,
           CASE WHEN c.cycled_deals > 0 THEN c.cycle_days_sum / c.cycled_deals END
               AS avg_cycle_days
    FROM keys k
    LEFT JOIN open_deals o ON o.d = k.d AND o.scope = k.scope
    LEFT JOIN closed_stats c ON c.d = k.d AND c.scope = k.scope
),
result AS (
    SELECT period_start(coalesce(d, CAST($as_of AS DATE)), $grain, $m0) AS period_start,
           scope,
           CASE WHEN avg_cycle_days > 0 THEN open_deals * win_rate * avg_won_amount / avg_cycle_days END
               AS value,
           open_deals * win_rate * avg_won_amount AS expected_won_amount,
           avg_cycle_days,
           open_deals,
           win_rate,
           avg_won_amount,
           won_deals,
           lost_deals,
           won_amount,
           d AS snapshot_date
    FROM factors
)
SELECT period_start, period_label(period_start, $grain, $m0) AS period, * EXCLUDE (period_start)
FROM result
