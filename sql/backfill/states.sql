-- Each deal's replayed state between two moments of its history: at every moment something
-- changed, the latest value of each field so far (carried forward), valid from changed_at until
-- the next moment (valid_to; NULL for the last). A snapshot takes the state whose interval holds
-- the end of its day. Several changes at one moment: the later row of the file wins.
CREATE OR REPLACE TEMP TABLE backfill_states AS
WITH c AS (
    SELECT * FROM backfill_changes WHERE code IS NULL AND field IS NOT NULL
),
moments AS (
    SELECT
        opportunity_id,
        changed_at,
        arg_max(stage, row_no) FILTER (WHERE field = 'stage') AS h_stage,
        arg_max(lost_name, row_no) FILTER (WHERE field = 'stage') AS h_lost,
        arg_max(stage, row_no) FILTER (WHERE field = 'probability') AS h_probability,
        arg_max(amount, row_no) FILTER (WHERE field = 'amount') AS h_amount,
        arg_max(close_date, row_no) FILTER (WHERE field = 'close_date') AS h_close,
        arg_max(category, row_no) FILTER (WHERE field = 'category') AS h_category
    FROM c
    GROUP BY opportunity_id, changed_at
)
SELECT
    opportunity_id,
    changed_at,
    lead(changed_at) OVER w AS valid_to,
    last_value(h_stage IGNORE NULLS) OVER carry AS h_stage,
    last_value(h_lost IGNORE NULLS) OVER carry AS h_lost,
    last_value(h_probability IGNORE NULLS) OVER carry AS h_probability,
    last_value(h_amount IGNORE NULLS) OVER carry AS h_amount,
    last_value(h_close IGNORE NULLS) OVER carry AS h_close,
    last_value(h_category IGNORE NULLS) OVER carry AS h_category
FROM moments
WINDOW w AS (PARTITION BY opportunity_id ORDER BY changed_at),
       carry AS (PARTITION BY opportunity_id ORDER BY changed_at
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
