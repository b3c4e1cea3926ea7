-- The open deals behind M11 at snapshot s (as of $as_of, default the latest snapshot), each with
-- its history up to s (whatever its owner):
--   slip_count          times its close_date moved to a later month than in its previous row
--   slipped_last        it slipped against the snapshot just before s (the M11 slipped count)
--   unchanged_snapshots consecutive snapshots up to s with the same stage, amount, close_date
--   stale               unchanged_snapshots >= $m11_stale_snapshots (the M11 stale count)
--   past_due            close_date before s
-- $kind narrows the list: 'slipped' (slip_count >= 1), 'stale', 'past_due' or 'all';
-- $drill_scope (read with $by) narrows to one rep, region or 'company' when not NULL.
WITH dates AS (
    SELECT d, row_number() OVER (ORDER BY d) AS idx
    FROM (SELECT DISTINCT snapshot_date AS d FROM snapshots)
),
snap AS (
    SELECT CASE WHEN $as_of IS NULL THEN (SELECT max(d) FROM dates)
                ELSE snapshot_as_of($as_of, $max_age) END AS snap_date
),
current_deals AS (
    SELECT s.snapshot_date, s.opportunity_id, s.opportunity_name, s.account, s.rep, d.region,
           s.stage, s.forecast_category, s.amount, s.close_date, s.created_date
    FROM snapshots s
    JOIN rep_dim d ON d.rep = s.rep
    WHERE s.snapshot_date = (SELECT snap_date FROM snap)
      AND s.stage > 0 AND s.stage < 100
      AND s.forecast_category IN ('commit', 'upside', 'pipeline')
      AND in_filter(s.rep, d.region, $regions, $reps)
      AND ($drill_scope IS NULL OR scope_of(s.rep, d.region, $by) = $drill_scope)
),
history AS (
    SELECT h.opportunity_id, h.snapshot_date, x.idx, h.stage, h.amount, h.close_date
    FROM snapshots h
    JOIN dates x ON x.d = h.snapshot_date
    WHERE h.snapshot_date <= (SELECT snap_date FROM snap)
      AND h.opportunity_id IN (SELECT opportunity_id FROM current_deals)
),
compared AS (
    SELECT *,
           lag(idx) OVER w AS prev_idx,
           lag(close_date) OVER w AS prev_close,
           CASE WHEN lag(idx) OVER w = idx - 1 AND lag(stage) OVER w = stage
                     AND lag(amount) OVER w = amount AND lag(close_date) OVER w = close_date
                THEN 0 ELSE 1 END AS new_run,
           coalesce(date_trunc('month', close_date) > date_trunc('month', lag(close_date) OVER w),
                    false) AS slip
    FROM history
    WINDOW w AS (PARTITION BY opportunity_id ORDER BY idx)
),
per_deal AS (
    SELECT opportunity_id,
           count(*) FILTER (WHERE slip) AS slip_count,
           arg_min(close_date, idx) AS first_close_date,
           arg_max(prev_close, idx) AS previous_close_date,
           arg_max(slip AND prev_idx = idx - 1, idx) AS slipped_last,
           max(idx) AS last_idx,
           max(idx) FILTER (WHERE new_run = 1) AS run_start_idx
    FROM compared
    GROUP BY opportunity_id
),
listed AS (
    SELECT c.*,
           p.previous_close_date,
           p.first_close_date,
           p.slip_count,
           coalesce(p.slipped_last, false) AS slipped_last,
           p.last_idx - p.run_start_idx + 1 AS unchanged_snapshots,
           u.d AS unchanged_since,
           p.last_idx - p.run_start_idx + 1 >= $m11_stale_snapshots AS stale,
           c.close_date < c.snapshot_date AS past_due,
           greatest(date_diff('day', c.close_date, c.snapshot_date), 0) AS days_past_due,
           date_diff('day', p.first_close_date, c.close_date) AS days_slipped,
           (c.forecast_category = 'commit' AND c.stage < $eligible_stage)
               OR (c.forecast_category = 'upside' AND c.stage >= $eligible_stage) AS conflict
    FROM current_deals c
    JOIN per_deal p ON p.opportunity_id = c.opportunity_id
    LEFT JOIN dates u ON u.idx = p.run_start_idx
)
SELECT opportunity_id, opportunity_name, account, rep, region, stage, forecast_category, amount,
       close_date, previous_close_date, first_close_date, slip_count, slipped_last, days_slipped,
       unchanged_snapshots, unchanged_since, stale, past_due, days_past_due, conflict,
       created_date, snapshot_date
FROM listed
WHERE $kind = 'all'
   OR ($kind = 'slipped' AND slip_count >= 1)
   OR ($kind = 'stale' AND stale)
   OR ($kind = 'past_due' AND past_due)
ORDER BY CASE $kind WHEN 'slipped' THEN -slip_count
                    WHEN 'stale' THEN -unchanged_snapshots
                    WHEN 'past_due' THEN -days_past_due
                    ELSE 0 END,
         amount DESC, opportunity_id
