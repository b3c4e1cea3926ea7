-- The open deals behind M11 at snapshot s (as of $as_of, default the latest snapshot), each with
-- its history up to s (whatever its owner):
--   slip_count          times its close_date moved to a later month than in its previous row
--   slipped_last        it slipped against the snapshot just before s (the M11 slipped count)
--   unchanged_snapshots consecutive snapshots up to s with the same stage, amount, close_date
--   stale               unchanged_snapshots >= $m11_stale_snapshots (the M11 stale count)
--   past_due            close_date before s
-- $kind narrows the list: 'slipped' (slip_count >= 1), 'stale', 'past_due' or 'all';
-- $drill_scope (read with $by) narrows to one rep, region or 'company' when not NULL.
-- The history comes from deal_history (sql/derived/), which carries it on every snapshot row.
WITH snap AS (
    SELECT CASE WHEN $as_of IS NULL THEN latest_snapshot()
                ELSE snapshot_index_as_of($as_of, $max_age) END AS snap_date
),
listed AS (
    SELECT h.snapshot_date, h.opportunity_id, h.opportunity_name, h.account, h.rep, d.region,
           h.stage, h.forecast_category, h.amount, h.close_date, h.created_date,
           h.previous_close_date,
           h.first_close_date,
           h.slip_count,
           h.slipped_last,
           h.idx - h.run_start_idx + 1 AS unchanged_snapshots,
           h.run_start_date AS unchanged_since,
           h.idx - h.run_start_idx + 1 >= $m11_stale_snapshots AS stale,
           h.close_date < h.snapshot_date AS past_due,
           greatest(date_diff('day', h.close_date, h.snapshot_date), 0) AS days_past_due,
           date_diff('day', h.first_close_date, h.close_date) AS days_slipped,
           (h.forecast_category = 'commit' AND h.stage < $eligible_stage)
               OR (h.forecast_category = 'upside' AND h.stage >= $eligible_stage) AS conflict
    FROM deal_history h
    JOIN rep_current d ON d.rep = h.rep
    WHERE h.snapshot_date = (SELECT snap_date FROM snap)
      AND h.stage > 0 AND h.stage < 100
      AND h.forecast_category IN ('commit', 'upside', 'pipeline')
      AND in_filter(h.rep, d.region, $regions, $reps)
      AND ($drill_scope IS NULL OR scope_of(h.rep, d.region, $by) = $drill_scope)
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
