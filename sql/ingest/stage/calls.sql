-- Weekly call rows parsed. The week is week_start (a date that must be a Monday) or week
-- (ISO YYYY-Www, read as its Monday). The level (scope_type) is rep when not given; a rep's row
-- names the rep in rep or scope (rep_raw), a manager's, region's or company's row in scope
-- (rep_raw NULL: it is not matched to a rep; 'company' when the company's scope is empty).
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
        ing_clean(week_start) AS week_start_raw,
        ing_clean(week) AS week_raw,
        ing_clean(submitted_at) AS submitted_at_raw,
        ing_clean(commit_amount) AS commit_amount_raw,
        ing_clean(upside) AS upside_raw,
        ing_clean(month_forecast) AS month_forecast_raw,
        ing_clean(month_upside) AS month_upside_raw,
        ing_clean(quarter_forecast) AS quarter_forecast_raw,
        ing_clean(quarter_upside) AS quarter_upside_raw
    FROM leveled
),
parsed AS (
    SELECT
        *,
        ing_date(week_start_raw) AS week_start_date,
        ing_iso_week(week_raw) AS week_monday,
        ing_ts(submitted_at_raw) AS submitted_at,
        ing_amount(commit_amount_raw) AS commit_amount,
        ing_amount(upside_raw) AS upside,
        ing_amount(month_forecast_raw) AS month_forecast,
        ing_amount(month_upside_raw) AS month_upside,
        ing_amount(quarter_forecast_raw) AS quarter_forecast,
        ing_amount(quarter_upside_raw) AS quarter_upside
    FROM cleaned
)
SELECT *, coalesce(week_start_date, week_monday) AS week_start
FROM parsed
