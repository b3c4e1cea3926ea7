-- Every problem of a monthly forecasts file (columns as in errors/snapshots.sql). A forecast
-- month must lie within the 12 months starting at its review month. The level columns are checked
-- as for calls (errors/level_problems.sql); the duplicate check covers rep rows.
CREATE OR REPLACE TEMP TABLE ingest_errors AS
WITH h AS (
    SELECT
        s.*,
        hash(
            rep_raw, review_month_raw, submitted_at_raw, month_raw, forecast_raw, upside_raw,
            scope_type_raw, scope_raw, submitted_by, note
        ) AS row_hash,
        hash(coalesce(m.rep, ing_key(rep_raw)), review_month, month) AS key_hash
    FROM ingest_stage s
    LEFT JOIN ingest_rep_match m USING (rep_raw)
),
-- exact duplicates: rows equal in every loaded column (hashed, then grouped)
same AS (
    SELECT row_hash, min(row_no) AS same_row FROM h GROUP BY row_hash HAVING count(*) > 1
),
keys AS (
    SELECT key_hash, min(row_no) AS key_row FROM h
    WHERE level = 'rep' AND rep_raw IS NOT NULL AND review_month IS NOT NULL AND month IS NOT NULL
    GROUP BY key_hash HAVING count(*) > 1
),
s AS (
    SELECT h.*, sm.same_row, k.key_row
    FROM h LEFT JOIN same sm USING (row_hash) LEFT JOIN keys k USING (key_hash)
),
problems AS (
    SELECT row_no, CASE WHEN $has_rep THEN 'rep' ELSE 'scope' END AS col,
           CAST(NULL AS VARCHAR) AS value, 'missing' AS code, CAST(NULL AS VARCHAR) AS detail
    FROM s WHERE level = 'rep' AND rep_raw IS NULL
    UNION ALL
    SELECT row_no, col, value, code, detail FROM ingest_level_problems
    UNION ALL
    SELECT row_no, 'review_month', review_month_raw,
           CASE WHEN review_month_raw IS NULL THEN 'missing' ELSE 'bad_month' END, NULL
    FROM s WHERE review_month IS NULL
    UNION ALL
    SELECT row_no, 'submitted_at', submitted_at_raw,
           CASE WHEN submitted_at_raw IS NULL THEN 'missing' ELSE ing_ts_code(submitted_at_raw) END, NULL
    FROM s WHERE submitted_at IS NULL
    UNION ALL
    SELECT row_no, 'month', month_raw, CASE WHEN month_raw IS NULL THEN 'missing' ELSE 'bad_month' END, NULL
    FROM s WHERE month IS NULL
    UNION ALL
    SELECT row_no, 'month', month_raw, 'month_window',
           'review_month ' || strftime(review_month, '%Y-%m') || ' covers '
           || strftime(review_month, '%Y-%m') || ' .. '
           || strftime(review_month + INTERVAL 11 MONTH, '%Y-%m')
    FROM s WHERE month < review_month OR month > review_month + INTERVAL 11 MONTH
    UNION ALL
    SELECT row_no, 'forecast', forecast_raw, CASE WHEN forecast_raw IS NULL THEN 'missing' ELSE 'bad_amount' END, NULL
    FROM s WHERE forecast IS NULL
    UNION ALL
    SELECT row_no, 'upside', upside_raw, 'bad_amount', NULL
    FROM s WHERE upside_raw IS NOT NULL AND upside IS NULL
    UNION ALL
    SELECT row_no, NULL, NULL, 'dup_row', CAST(same_row AS VARCHAR) FROM s WHERE row_no > same_row
    UNION ALL
    SELECT row_no, 'month', month_raw, 'dup_forecast', 'rows ' || key_row || ' and ' || row_no
    FROM s
    WHERE row_no > key_row AND coalesce(same_row, row_no) = row_no
      AND rep_raw IS NOT NULL AND review_month IS NOT NULL AND month IS NOT NULL
    UNION ALL
    SELECT first_row, 'rep', rep_raw, 'ambiguous_rep', ambiguous
    FROM ingest_rep_match WHERE ambiguous IS NOT NULL
    UNION ALL
    SELECT first_row, 'rep', rep_raw, 'unknown_rep', CAST(key_rows - 1 AS VARCHAR)
    FROM ingest_rep_match WHERE unknown AND rep_raw = new_rep
)
SELECT CAST(row_no AS BIGINT) AS row_no, col, value, code, detail FROM problems
