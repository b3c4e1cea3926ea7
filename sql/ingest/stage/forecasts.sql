-- Monthly forecast rows parsed: one row per forecast month of a rep's 12-month submission.
CREATE OR REPLACE TEMP TABLE ingest_stage AS
WITH cleaned AS (
    SELECT
        row_no,
        ing_clean(rep) AS rep_raw,
        CAST(NULL AS VARCHAR) AS region,
        ing_clean(review_month) AS review_month_raw,
        ing_clean(submitted_at) AS submitted_at_raw,
        ing_clean(month) AS month_raw,
        ing_clean(forecast) AS forecast_raw,
        ing_clean(upside) AS upside_raw
    FROM ingest_numbered
)
SELECT
    *,
    ing_month(review_month_raw) AS review_month,
    ing_ts(submitted_at_raw) AS submitted_at,
    ing_month(month_raw) AS month,
    ing_amount(forecast_raw) AS forecast,
    ing_amount(upside_raw) AS upside
FROM cleaned
