-- deal_history: every snapshot row (the columns the metrics read), clustered by snapshot_date, with
-- the deal's history up to that row (its rows in every snapshot up to and including this one,
-- whatever their owner):
--   idx                  the snapshot's position in snapshot_index
--   previous_close_date  close_date on the deal's previous row (NULL on its first row)
--   first_close_date     close_date on the deal's first row
--   slip_count           rows so far whose close_date lies in a later month than on the row before
--   slipped_last         this row slipped against the snapshot just before (the deal's previous
--                        row is in snapshot idx - 1 and its close month was earlier)
--   run_start_idx        idx where the run of consecutive snapshots with this row's stage, amount
--                        and close_date began; the row is unchanged in idx - run_start_idx + 1
--                        snapshots (M11 stale deals, the pipeline deal lists); run_start_date
--                        is that snapshot's date
-- The definition over the whole history. A materialized store adds the rows of new snapshot dates
-- with deal_history_append.sql, which carries each deal's last row forward instead.
WITH marked AS (
    SELECT s.rowid AS row_id, s.opportunity_id, x.idx, s.close_date,
           lag(s.close_date) OVER w AS previous_close_date,
           coalesce(lag(x.idx) OVER w = x.idx - 1, false) AS follows,
           coalesce(lag(x.idx) OVER w = x.idx - 1 AND lag(s.stage) OVER w = s.stage
                    AND lag(s.amount) OVER w = s.amount
                    AND lag(s.close_date) OVER w = s.close_date, false) AS unchanged
    FROM snapshots s
    JOIN snapshot_index x ON x.snapshot_date = s.snapshot_date
    WINDOW w AS (PARTITION BY s.opportunity_id ORDER BY x.idx)
),
flagged AS (
    SELECT *,
           coalesce(date_trunc('month', close_date) > date_trunc('month', previous_close_date),
                    false) AS slip
    FROM marked
),
running AS (
    SELECT row_id, idx, previous_close_date,
           slip AND follows AS slipped_last,
           CAST(sum(CAST(slip AS INTEGER)) OVER w AS BIGINT) AS slip_count,
           first_value(close_date) OVER w AS first_close_date,
           max(CASE WHEN NOT unchanged THEN idx END) OVER w AS run_start_idx
    FROM flagged
    WINDOW w AS (PARTITION BY opportunity_id ORDER BY idx
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT s.snapshot_date, r.idx, s.opportunity_id, s.opportunity_name, s.account, s.rep, s.stage,
       s.amount, s.close_date, s.forecast_category, s.created_date, s.load_id,
       r.previous_close_date, r.first_close_date, r.slip_count, r.slipped_last, r.run_start_idx,
       u.snapshot_date AS run_start_date
FROM running r
JOIN snapshots s ON s.rowid = r.row_id
JOIN snapshot_index u ON u.idx = r.run_start_idx
ORDER BY s.snapshot_date, s.opportunity_id
