-- A month cell as the DATE of the first day of the month; NULL when unreadable.
CREATE OR REPLACE TEMP MACRO ing_month(x) AS TRY_CAST(ing_month_text(x) AS DATE)
