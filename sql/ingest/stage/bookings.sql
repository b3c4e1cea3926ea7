-- Booking rows parsed (see stage/snapshots.sql for the *_raw convention). An empty status is
-- 'realized'.
CREATE OR REPLACE TEMP TABLE ingest_stage AS
WITH cleaned AS (
    SELECT
        row_no,
        ing_clean(order_id) AS order_id,
        ing_clean(opportunity_id) AS opportunity_id,
        ing_clean(rep) AS rep_raw,
        CAST(NULL AS VARCHAR) AS region,
        ing_clean(booked_date) AS booked_date_raw,
        ing_clean(amount) AS amount_raw,
        ing_clean(status) AS status_raw
    FROM ingest_numbered
)
SELECT
    *,
    ing_date(booked_date_raw) AS booked_date,
    ing_amount(amount_raw) AS amount,
    CASE WHEN status_raw IS NULL THEN 'realized' ELSE ing_status(status_raw) END AS status
FROM cleaned
