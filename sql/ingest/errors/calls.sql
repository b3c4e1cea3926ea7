-- Every problem of a weekly calls file (columns as in errors/snapshots.sql). One call per rep and
-- week: two rows for the same rep and week are refused. A manager's, region's or company's rows
-- are submissions (several per week may follow each other); their scope must be a manager or a
-- region of the reps table (errors/level_problems.sql).
CREATE OR REPLACE TEMP TABLE ingest_errors AS
WITH h AS (
    SELECT
        s.*,
        hash(
            rep_raw, week_start_raw, week_raw, submitted_at_raw, commit_amount_raw, upside_raw,
            month_forecast_raw, month_upside_raw, quarter_forecast_raw, quarter_upside_raw,
            scope_type_raw, scope_raw, submitted_by, note
        ) AS row_hash,
        hash(coalesce(m.rep, ing_key(rep_raw)), week_start) AS key_hash
    FROM ingest_stage s
    LEFT JOIN ingest_rep_match m USING (rep_raw)
),
-- exact duplicates: rows equal in every loaded column (hashed, then grouped)
same AS (
    SELECT row_hash, min(row_no) AS same_row FROM h GROUP BY row_hash HAVING count(*) > 1
),
keys AS (
    SELECT key_hash, min(row_no) AS key_row FROM h
    WHERE level = 'rep' AND rep_raw IS NOT NULL AND week_start IS NOT NULL
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
    SELECT row_no, 'week_start', week_start_raw, ing_date_code(week_start_raw), NULL
    FROM s WHERE week_start_raw IS NOT NULL AND week_start_date IS NULL
    UNION ALL
    SELECT row_no, 'week_start', week_start_raw, 'not_monday',
           strftime(week_start_date, '%Y-%m-%d') || ' is a ' || dayname(week_start_date)
           || '; the Monday of that week is ' || strftime(date_trunc('week', week_start_date), '%Y-%m-%d')
    FROM s WHERE isodow(week_start_date) <> 1
    UNION ALL
    SELECT row_no, 'week', week_raw, 'bad_week', NULL
    FROM s WHERE week_raw IS NOT NULL AND week_monday IS NULL
    UNION ALL
    SELECT row_no, 'week', week_raw, 'week_mismatch',
           'week_start ' || strftime(week_start_date, '%Y-%m-%d') || ', week ' || week_raw
           || ' starts ' || strftime(week_monday, '%Y-%m-%d')
    FROM s WHERE week_start_date IS NOT NULL AND week_monday IS NOT NULL AND week_start_date <> week_monday
    UNION ALL
    SELECT row_no, CASE WHEN $has_week_start THEN 'week_start' ELSE 'week' END, NULL, 'missing', NULL
    FROM s WHERE week_start_raw IS NULL AND week_raw IS NULL
    UNION ALL
    SELECT row_no, 'submitted_at', submitted_at_raw,
           CASE WHEN submitted_at_raw IS NULL THEN 'missing' ELSE ing_ts_code(submitted_at_raw) END, NULL
    FROM s WHERE submitted_at IS NULL
    UNION ALL
    SELECT row_no, 'commit_amount', commit_amount_raw,
           CASE WHEN commit_amount_raw IS NULL THEN 'missing' ELSE 'bad_amount' END, NULL
    FROM s WHERE commit_amount IS NULL
    UNION ALL
    SELECT row_no, 'upside', upside_raw, 'bad_amount', NULL
    FROM s WHERE upside_raw IS NOT NULL AND upside IS NULL
    UNION ALL
    SELECT row_no, 'month_forecast', month_forecast_raw, 'bad_amount', NULL
    FROM s WHERE month_forecast_raw IS NOT NULL AND month_forecast IS NULL
    UNION ALL
    SELECT row_no, 'month_upside', month_upside_raw, 'bad_amount', NULL
    FROM s WHERE month_upside_raw IS NOT NULL AND month_upside IS NULL
    UNION ALL
    SELECT row_no, 'quarter_forecast', quarter_forecast_raw, 'bad_amount', NULL
    FROM s WHERE quarter_forecast_raw IS NOT NULL AND quarter_forecast IS NULL
    UNION ALL
    SELECT row_no, 'quarter_upside', quarter_upside_raw, 'bad_amount', NULL
    FROM s WHERE quarter_upside_raw IS NOT NULL AND quarter_upside IS NULL
    UNION ALL
    SELECT row_no, NULL, NULL, 'dup_row', CAST(same_row AS VARCHAR) FROM s WHERE row_no > same_row
    UNION ALL
    SELECT row_no, 'rep', rep_raw, 'dup_call', 'rows ' || key_row || ' and ' || row_no
    FROM s
    WHERE row_no > key_row AND coalesce(same_row, row_no) = row_no AND rep_raw IS NOT NULL AND week_start IS NOT NULL
    UNION ALL
    SELECT first_row, 'rep', rep_raw, 'ambiguous_rep', ambiguous
    FROM ingest_rep_match WHERE ambiguous IS NOT NULL
    UNION ALL
    SELECT first_row, 'rep', rep_raw, 'unknown_rep', CAST(key_rows - 1 AS VARCHAR)
    FROM ingest_rep_match WHERE unknown AND rep_raw = new_rep
)
SELECT CAST(row_no AS BIGINT) AS row_no, col, value, code, detail FROM problems
