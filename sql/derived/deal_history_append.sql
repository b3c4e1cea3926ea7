-- The deal_history rows of every snapshot dated $from_date or later; analytics/derived.py inserts
-- them after deleting those dates' rows and rebuilding snapshot_index. Each deal's last stored
-- row before $from_date is carried into the window with its running values, so that the new rows
-- continue the deal's history exactly as deal_history.sql computes it over the whole history;
-- with no stored row before $from_date (a full rebuild) nothing is carried.
WITH fresh AS (
    SELECT s.rowid AS row_id, s.opportunity_id, x.idx, s.stage, s.amount, s.close_date
    FROM snapshots s
    JOIN snapshot_index x ON x.snapshot_date = s.snapshot_date
    WHERE s.snapshot_date >= $from_date
),
previous AS (
    SELECT max(snapshot_date) AS d FROM snapshot_index WHERE snapshot_date < $from_date
),
last_rows AS (
    -- most deals go on from the snapshot just before: their row there
    SELECT h.opportunity_id, h.idx, h.stage, h.amount, h.close_date, h.slip_count,
           h.first_close_date, h.run_start_idx
    FROM deal_history h
    WHERE h.snapshot_date = (SELECT d FROM previous)
      AND h.opportunity_id IN (SELECT opportunity_id FROM fresh)
),
came_back AS (
    -- deals seen before that snapshot (deal_facts, already refreshed) but absent from it: their
    -- last row before it; every other deal of fresh is new and carries nothing
    SELECT h.opportunity_id, h.idx, h.stage, h.amount, h.close_date, h.slip_count,
           h.first_close_date, h.run_start_idx
    FROM deal_history h
    WHERE h.snapshot_date < (SELECT d FROM previous)
      AND h.opportunity_id IN (
          SELECT f.opportunity_id FROM deal_facts f
          WHERE f.first_seen < (SELECT d FROM previous)
            AND f.opportunity_id IN (SELECT opportunity_id FROM fresh)
            AND f.opportunity_id NOT IN (SELECT opportunity_id FROM last_rows)
      )
    QUALIFY row_number() OVER (PARTITION BY h.opportunity_id ORDER BY h.idx DESC) = 1
),
carried AS (
    SELECT * FROM last_rows
    UNION ALL
    SELECT * FROM came_back
),
chain AS (
    SELECT NULL AS row_id, opportunity_id, idx, stage, amount, close_date,
           slip_count AS carried_slips, first_close_date AS carried_first_close,
           run_start_idx AS carried_run_start
    FROM carried
    UNION ALL
    SELECT row_id, opportunity_id, idx, stage, amount, close_date, NULL, NULL, NULL
    FROM fresh
),
marked AS (
    SELECT *,
           lag(close_date) OVER w AS previous_close_date,
           coalesce(lag(idx) OVER w = idx - 1, false) AS follows,
           coalesce(lag(idx) OVER w = idx - 1 AND lag(stage) OVER w = stage
                    AND lag(amount) OVER w = amount
                    AND lag(close_date) OVER w = close_date, false) AS unchanged
    FROM chain
    WINDOW w AS (PARTITION BY opportunity_id ORDER BY idx)
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
           CAST(sum(CASE WHEN row_id IS NULL THEN carried_slips ELSE CAST(slip AS INTEGER) END)
                OVER w AS BIGINT) AS slip_count,
           first_value(CASE WHEN row_id IS NULL THEN carried_first_close ELSE close_date END)
               OVER w AS first_close_date,
           max(CASE WHEN row_id IS NULL THEN carried_run_start
                    WHEN NOT unchanged THEN idx END) OVER w AS run_start_idx
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
