-- A date-time cell as TIMESTAMP; NULL when unreadable or impossible.
CREATE OR REPLACE TEMP MACRO ing_ts(x) AS TRY_CAST(ing_ts_text(x) AS TIMESTAMP)
