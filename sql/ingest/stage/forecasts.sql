-- Monthly forecast rows parsed: one row per forecast month of a 12-month submission. The level
-- (scope_type) is read as for calls (stage/calls.sql).
CREATE OR REPLACE TEMP TABLE ingest_stage AS
WITH leveled AS (
    SELECT
        n.*,
        ing_clean(n.scope_type) AS scope_type_raw,
        ing_clean(n.scope) AS scope_raw,
        CASE WHEN ing_clean(n.scope_type) IS NULL THEN 'rep'
             ELSE ing_call_scope_type(ing_clean(n.scope_type)) END AS level
    FROM ingest_numbered n
),
cleaned AS (
    SELECT
        row_no,
        scope_type_raw,
        scope_raw,
        level,
        CASE WHEN level = 'rep' THEN coalesce(ing_clean(rep), scope_raw) END AS rep_raw,
        CASE WHEN level = 'company' THEN coalesce(scope_raw, 'company')
             WHEN level IN ('manager', 'region') THEN scope_raw END AS scope_name,
        ing_clean(submitted_by) AS submitted_by,
        ing_clean(note) AS note,
        CAST(NULL AS VARCHAR) AS region,
        ing_clean(review_month) AS review_month_raw,
        ing_clean(submitted_at) AS submitted_at_raw,
        ing_clean(month) AS month_raw,
        ing_clean(forecast) AS forecast_raw,
        ing_clean(upside) AS upside_raw
    FROM leveled
)
SELECT
    *,
    ing_month(review_month_raw) AS review_month,
    ing_ts(submitted_at_raw) AS submitted_at,
    ing_month(month_raw) AS month,
    ing_amount(forecast_raw) AS forecast,
    ing_amount(upside_raw) AS upside
FROM cleaned
