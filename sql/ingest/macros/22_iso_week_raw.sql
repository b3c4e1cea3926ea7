-- The Monday of an ISO week written YYYY-Www (2026-W02, 2026W2), before checking the week exists.
CREATE OR REPLACE TEMP MACRO ing_iso_week_raw(x) AS (
    CASE WHEN regexp_full_match(x, '\d{4}-?[Ww]\d{1,2}') THEN
        make_date(CAST(left(x, 4) AS INTEGER), 1, 4)
        - CAST(isodow(make_date(CAST(left(x, 4) AS INTEGER), 1, 4)) - 1 AS INTEGER)
        + CAST((CAST(regexp_extract(x, '[Ww](\d{1,2})$', 1) AS INTEGER) - 1) * 7 AS INTEGER)
    END
)
