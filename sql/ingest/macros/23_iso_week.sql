-- The Monday of an ISO week, or NULL when the week does not exist (W00, W54, W53 of a 52-week year).
CREATE OR REPLACE TEMP MACRO ing_iso_week(x) AS (
    CASE
        WHEN isoyear(ing_iso_week_raw(x)) = CAST(left(x, 4) AS INTEGER)
         AND week(ing_iso_week_raw(x)) = CAST(regexp_extract(x, '[Ww](\d{1,2})$', 1) AS INTEGER)
        THEN CAST(ing_iso_week_raw(x) AS DATE)
    END
)
