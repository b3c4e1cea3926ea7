-- A date cell as DATE; NULL when it has no date shape or the day does not exist (2026-02-30).
CREATE OR REPLACE TEMP MACRO ing_date(x) AS TRY_CAST(ing_date_text(x) AS DATE)
