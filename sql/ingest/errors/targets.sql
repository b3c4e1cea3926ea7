-- Every problem of a targets file (columns as in errors/snapshots.sql). Two rows for the same
-- scope and month are refused: which one is meant?
CREATE OR REPLACE TEMP TABLE ingest_errors AS
WITH h AS (
    SELECT
        s.*,
        hash(
            scope_type_raw, scope_raw, month_raw, target_raw, stretch_target_raw
        ) AS row_hash,
        hash(
            scope_type,
            CASE WHEN scope_type = 'company' THEN 'company' ELSE coalesce(m.rep, ing_key(scope_raw)) END,
            month
        ) AS key_hash
    FROM ingest_stage s
    LEFT JOIN ingest_rep_match m USING (rep_raw)
),
-- exact duplicates: rows equal in every loaded column (hashed, then grouped)
same AS (
    SELECT row_hash, min(row_no) AS same_row FROM h GROUP BY row_hash HAVING count(*) > 1
),
keys AS (
    SELECT key_hash, min(row_no) AS key_row FROM h WHERE scope_type IS NOT NULL AND month IS NOT NULL
    GROUP BY key_hash HAVING count(*) > 1
),
s AS (
    SELECT h.*, sm.same_row, k.key_row
    FROM h LEFT JOIN same sm USING (row_hash) LEFT JOIN keys k USING (key_hash)
),
problems AS (
    SELECT row_no, 'scope_type' AS col, scope_type_raw AS value,
           CASE WHEN scope_type_raw IS NULL THEN 'missing' ELSE 'bad_scope_type' END AS code,
           CAST(NULL AS VARCHAR) AS detail
    FROM s WHERE scope_type IS NULL
    UNION ALL
    SELECT row_no, 'scope', NULL, 'missing', NULL
    FROM s WHERE scope_raw IS NULL AND scope_type IN ('region', 'rep')
    UNION ALL
    SELECT row_no, 'month', month_raw, CASE WHEN month_raw IS NULL THEN 'missing' ELSE 'bad_month' END, NULL
    FROM s WHERE month IS NULL
    UNION ALL
    SELECT row_no, 'target', target_raw, CASE WHEN target_raw IS NULL THEN 'missing' ELSE 'bad_amount' END, NULL
    FROM s WHERE target IS NULL
    UNION ALL
    SELECT row_no, 'stretch_target', stretch_target_raw, 'bad_amount', NULL
    FROM s WHERE stretch_target_raw IS NOT NULL AND stretch_value IS NULL
    UNION ALL
    SELECT row_no, NULL, NULL, 'dup_row', CAST(same_row AS VARCHAR) FROM s WHERE row_no > same_row
    UNION ALL
    SELECT row_no, 'scope', scope_raw, 'dup_target',
           'rows ' || key_row || ' and ' || row_no
    FROM s
    WHERE row_no > key_row AND coalesce(same_row, row_no) = row_no AND scope_type IS NOT NULL AND month IS NOT NULL
    UNION ALL
    SELECT first_row, 'scope', rep_raw, 'ambiguous_rep', ambiguous
    FROM ingest_rep_match WHERE ambiguous IS NOT NULL
    UNION ALL
    SELECT first_row, 'scope', rep_raw, 'unknown_rep', CAST(key_rows - 1 AS VARCHAR)
    FROM ingest_rep_match WHERE unknown AND rep_raw = new_rep
)
SELECT CAST(row_no AS BIGINT) AS row_no, col, value, code, detail FROM problems
