-- Every problem of a reps file (columns as in errors/snapshots.sql). A rep id listed twice is
-- refused: which row is right?
CREATE OR REPLACE TEMP TABLE ingest_errors AS
WITH h AS (
    SELECT
        *,
        hash(
            rep, name, region, manager, tier_raw, active_from_raw, active_to_raw
        ) AS row_hash,
        hash(rep) AS key_hash
    FROM ingest_stage
),
-- exact duplicates: rows equal in every loaded column (hashed, then grouped)
same AS (
    SELECT row_hash, min(row_no) AS same_row FROM h GROUP BY row_hash HAVING count(*) > 1
),
keys AS (
    SELECT key_hash, min(row_no) AS key_row FROM h WHERE rep IS NOT NULL
    GROUP BY key_hash HAVING count(*) > 1
),
s AS (
    SELECT h.*, sm.same_row, k.key_row
    FROM h LEFT JOIN same sm USING (row_hash) LEFT JOIN keys k USING (key_hash)
),
problems AS (
    SELECT row_no, 'rep' AS col, CAST(NULL AS VARCHAR) AS value, 'missing' AS code,
           CAST(NULL AS VARCHAR) AS detail
    FROM s WHERE rep IS NULL
    UNION ALL
    SELECT row_no, 'region', NULL, 'missing', NULL FROM s WHERE region IS NULL
    UNION ALL
    SELECT row_no, 'tier', tier_raw, 'bad_tier', NULL FROM s WHERE tier_raw IS NOT NULL AND tier IS NULL
    UNION ALL
    SELECT row_no, 'active_from', active_from_raw, ing_date_code(active_from_raw), NULL
    FROM s WHERE active_from_raw IS NOT NULL AND active_from IS NULL
    UNION ALL
    SELECT row_no, 'active_to', active_to_raw, ing_date_code(active_to_raw), NULL
    FROM s WHERE active_to_raw IS NOT NULL AND active_to IS NULL
    UNION ALL
    SELECT row_no, 'active_to', active_to_raw, 'date_order',
           'active_from ' || strftime(active_from, '%Y-%m-%d')
    FROM s WHERE active_to < active_from
    UNION ALL
    SELECT row_no, NULL, NULL, 'dup_row', CAST(same_row AS VARCHAR) FROM s WHERE row_no > same_row
    UNION ALL
    SELECT row_no, 'rep', rep, 'dup_rep', 'rows ' || key_row || ' and ' || row_no
    FROM s WHERE row_no > key_row AND coalesce(same_row, row_no) = row_no AND rep IS NOT NULL
)
SELECT CAST(row_no AS BIGINT) AS row_no, col, value, code, detail FROM problems
