-- M11 Pipeline quality components per evaluation snapshot e and scope, each with the same
-- component at the snapshot as of one month before e (prev_*).
-- Evaluation snapshots: without a date range, the snapshot as of $as_of (latest on or before it,
-- at most $max_age days old; default the latest snapshot); with a range, the last snapshot
-- (on or before $as_of when given) of every period whose first day lies in the range.
-- Over the open deals of a snapshot (0 < stage < 100, category commit, upside or pipeline):
--   quality_amount / open_amount   share of open amount at stage >= $m11_quality_stage (value)
--   weighted_pipeline              sum of amount * stage / 100
--   avg_age_days                   mean days from created_date (deals that carry one)
--   stale_deals                    same stage, amount and close_date in each of the last
--                                  $m11_stale_snapshots snapshots of the store up to e (NULL
--                                  when the store holds fewer snapshots)
--   past_due_deals                 close_date before the snapshot date
--   slipped_deals                  close_date in a later month than in the snapshot just before
--   conflicts                      M5 flags: commit below $eligible_stage, upside at or above it
-- A deal's history is read whatever its owner; filters apply to the deal's row at e. The history
-- comes from deal_history (sql/derived/): a deal is stale when its run of unchanged consecutive
-- snapshots up to e is at least $m11_stale_snapshots long, slipped when slipped_last is set.
WITH dates AS (
    SELECT snapshot_date AS d, idx FROM snapshot_index
),
evals AS (  -- the snapshot dates evaluated (sql/derived/macros/)
    SELECT d FROM evaluation_snapshots($as_of, $max_age, $grain, $m0, $date_from, $date_to)
),
eval_prev AS (
    SELECT e.d,
           CASE WHEN date_diff('day', p.d, CAST(e.d - INTERVAL 1 MONTH AS DATE)) <= $max_age
                THEN p.d END AS prev_d
    FROM evals e
    ASOF LEFT JOIN dates p ON CAST(e.d - INTERVAL 1 MONTH AS DATE) >= p.d
),
targets AS (
    SELECT d FROM evals UNION SELECT prev_d FROM eval_prev WHERE prev_d IS NOT NULL
),
open_rows AS (
    SELECT r.snapshot_date, r.idx, scope_of(r.rep, d.region, $by) AS scope, r.amount, r.stage,
           r.stage >= $m11_quality_stage AS quality,
           r.idx - r.run_start_idx + 1 >= $m11_stale_snapshots AS stale,
           r.close_date < r.snapshot_date AS past_due,
           r.slipped_last AS slipped,
           (r.forecast_category = 'commit' AND r.stage < $eligible_stage)
               OR (r.forecast_category = 'upside' AND r.stage >= $eligible_stage) AS conflict,
           CASE WHEN r.created_date IS NOT NULL
               THEN greatest(date_diff('day', r.created_date, r.snapshot_date), 0) END AS age_days
    FROM deal_history r
    JOIN rep_current d ON d.rep = r.rep
    WHERE r.snapshot_date IN (SELECT d FROM targets)
      AND r.stage > 0 AND r.stage < 100
      AND r.forecast_category IN ('commit', 'upside', 'pipeline')
      AND in_filter(r.rep, d.region, $regions, $reps)
),
components AS (
    SELECT snapshot_date, scope,
           count(*) AS open_deals,
           sum(amount) AS open_amount,
           coalesce(sum(amount) FILTER (WHERE quality), 0) AS quality_amount,
           sum(CAST(amount AS DOUBLE) * stage / 100) AS weighted_pipeline,
           sum(age_days) AS age_days_sum,
           count(age_days) AS aged_deals,
           count(*) FILTER (WHERE stale) AS stale_deals,
           count(*) FILTER (WHERE past_due) AS past_due_deals,
           count(*) FILTER (WHERE slipped) AS slipped_deals,
           count(*) FILTER (WHERE conflict) AS conflicts
    FROM open_rows
    GROUP BY snapshot_date, scope
),
keys AS (
    SELECT DISTINCT ep.d, ep.prev_d, c.scope
    FROM eval_prev ep
    JOIN components c ON c.snapshot_date = ep.d OR c.snapshot_date = ep.prev_d
    UNION ALL
    -- no snapshot as of $as_of: every scope of the filter, unavailable
    SELECT DISTINCT NULL, NULL, scope_of(r.rep, r.region, $by)
    FROM rep_current r
    WHERE $as_of IS NOT NULL AND $date_from IS NULL AND $date_to IS NULL
      AND NOT EXISTS (SELECT 1 FROM evals)
      AND in_filter(r.rep, r.region, $regions, $reps)
),
idx_of AS (
    SELECT d, idx FROM dates
),
result AS (
    SELECT period_start(coalesce(k.d, CAST($as_of AS DATE)), $grain, $m0) AS period_start,
           k.scope,
           CASE WHEN c.open_amount > 0 THEN CAST(c.quality_amount AS DOUBLE) / CAST(c.open_amount AS DOUBLE) END
               AS value,
           CASE WHEN k.d IS NOT NULL THEN coalesce(c.quality_amount, 0) END AS quality_amount,
           CASE WHEN k.d IS NOT NULL THEN coalesce(c.open_amount, 0) END AS open_amount,
           CASE WHEN k.d IS NOT NULL THEN coalesce(c.open_deals, 0) END AS open_deals,
           CASE WHEN k.d IS NOT NULL THEN coalesce(c.weighted_pipeline, 0) END AS weighted_pipeline,
           CASE WHEN c.aged_deals > 0 THEN c.age_days_sum / c.aged_deals END AS avg_age_days,
           CASE WHEN xi.idx >= $m11_stale_snapshots THEN coalesce(c.stale_deals, 0) END AS stale_deals,
           CASE WHEN k.d IS NOT NULL THEN coalesce(c.past_due_deals, 0) END AS past_due_deals,
           CASE WHEN xi.idx > 1 THEN coalesce(c.slipped_deals, 0) END AS slipped_deals,
           CASE WHEN k.d IS NOT NULL THEN coalesce(c.conflicts, 0) END AS conflicts,
           k.d AS snapshot_date,
           CASE WHEN p.open_amount > 0 THEN CAST(p.quality_amount AS DOUBLE) / CAST(p.open_amount AS DOUBLE) END
               AS prev_value,
           CASE WHEN k.prev_d IS NOT NULL THEN coalesce(p.quality_amount, 0) END AS prev_quality_amount,
           CASE WHEN k.prev_d IS NOT NULL THEN coalesce(p.open_amount, 0) END AS prev_open_amount,
           CASE WHEN k.prev_d IS NOT NULL THEN coalesce(p.open_deals, 0) END AS prev_open_deals,
           CASE WHEN k.prev_d IS NOT NULL THEN coalesce(p.weighted_pipeline, 0) END
               AS prev_weighted_pipeline,
           CASE WHEN p.aged_deals > 0 THEN p.age_days_sum / p.aged_deals END AS prev_avg_age_days,
           CASE WHEN xp.idx >= $m11_stale_snapshots THEN coalesce(p.stale_deals, 0) END
               AS prev_stale_deals,
           CASE WHEN k.prev_d IS NOT NULL THEN coalesce(p.past_due_deals, 0) END AS prev_past_due_deals,
           CASE WHEN xp.idx > 1 THEN coalesce(p.slipped_deals, 0) END AS prev_slipped_deals,
           CASE WHEN k.prev_d IS NOT NULL THEN coalesce(p.conflicts, 0) END AS prev_conflicts,
           k.prev_d AS prev_snapshot_date
    FROM keys k
    LEFT JOIN components c ON c.snapshot_date = k.d AND c.scope = k.scope
    LEFT JOIN components p ON p.snapshot_date = k.prev_d AND p.scope = k.scope
    LEFT JOIN idx_of xi ON xi.d = k.d
    LEFT JOIN idx_of xp ON xp.d = k.prev_d
)
SELECT period_start, period_label(period_start, $grain, $m0) AS period, * EXCLUDE (period_start)
FROM result
