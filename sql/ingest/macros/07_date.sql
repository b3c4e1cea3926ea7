-- A date cell as DATE; NULL when it has no date shape or the day does not exist (2026-02-30).
-- ISO and US M/D/YYYY dates take fast paths; everything else goes through ing_date_text.
CREATE OR REPLACE TEMP MACRO ing_date(x) AS coalesce(
    CASE WHEN length(x) = 10 THEN CAST(try_strptime(x, '%Y-%m-%d') AS DATE) END,
    CASE WHEN regexp_full_match(x, '\d{1,2}/\d{1,2}/\d{4}') THEN CAST(try_strptime(x, '%m/%d/%Y') AS DATE) END,
    TRY_CAST(ing_date_text(x) AS DATE)
)
