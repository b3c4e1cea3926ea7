-- Weekly call rows parsed. The week is week_start (a date that must be a Monday) or week
-- (ISO YYYY-Www, read as its Monday).
CREATE OR REPLACE TEMP TABLE ingest_stage AS
WITH cleaned AS (
    SELECT
        row_no,
        ing_clean(rep) AS rep_raw,
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
    FROM ingest_numbered
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
