-- Every problem of a bookings file (columns as in errors/snapshots.sql). An order_id already in
-- the store is refused: loading it again would count the booking twice.
CREATE OR REPLACE TEMP TABLE ingest_errors AS
WITH h AS (
    SELECT
        *,
        hash(
            order_id, opportunity_id, rep_raw, booked_date_raw, amount_raw, status_raw
        ) AS row_hash
    FROM ingest_stage
),
-- exact duplicates: rows equal in every loaded column (hashed, then grouped)
same AS (
    SELECT row_hash, min(row_no) AS same_row FROM h GROUP BY row_hash HAVING count(*) > 1
),
s AS (
    SELECT h.*, sm.same_row FROM h LEFT JOIN same sm USING (row_hash)
),
stored AS (
    SELECT b.order_id, string_agg(DISTINCT CAST(b.load_id AS VARCHAR), ', ') AS loads
    FROM bookings b
    WHERE b.order_id IN (SELECT order_id FROM ingest_stage)
    GROUP BY b.order_id
),
problems AS (
    SELECT row_no, 'order_id' AS col, CAST(NULL AS VARCHAR) AS value, 'missing' AS code,
           CAST(NULL AS VARCHAR) AS detail
    FROM s WHERE order_id IS NULL
    UNION ALL
    SELECT row_no, 'rep', NULL, 'missing', NULL FROM s WHERE rep_raw IS NULL
    UNION ALL
    SELECT row_no, 'booked_date', booked_date_raw,
           CASE WHEN booked_date_raw IS NULL THEN 'missing' ELSE ing_date_code(booked_date_raw) END, NULL
    FROM s WHERE booked_date IS NULL
    UNION ALL
    SELECT row_no, 'amount', amount_raw, CASE WHEN amount_raw IS NULL THEN 'missing' ELSE 'bad_amount' END, NULL
    FROM s WHERE amount IS NULL
    UNION ALL
    SELECT row_no, 'status', status_raw, 'bad_status', NULL FROM s WHERE status IS NULL
    UNION ALL
    SELECT row_no, NULL, NULL, 'dup_row', CAST(same_row AS VARCHAR) FROM s WHERE row_no > same_row
    UNION ALL
    SELECT s.row_no, 'order_id', s.order_id, 'order_stored', st.loads
    FROM s JOIN stored st USING (order_id)
    UNION ALL
    SELECT first_row, 'rep', rep_raw, 'ambiguous_rep', ambiguous
    FROM ingest_rep_match WHERE ambiguous IS NOT NULL
    UNION ALL
    SELECT first_row, 'rep', rep_raw, 'unknown_rep', CAST(key_rows - 1 AS VARCHAR)
    FROM ingest_rep_match WHERE unknown AND rep_raw = new_rep
)
SELECT CAST(row_no AS BIGINT) AS row_no, col, value, code, detail FROM problems
