-- Why a non-empty date-time cell was not read.
CREATE OR REPLACE TEMP MACRO ing_ts_code(x) AS
    CASE WHEN ing_date_text(x) IS NULL THEN 'bad_timestamp' ELSE 'impossible_timestamp' END
