-- Why a non-empty date cell was not read: no date shape at all, or a day that does not exist.
CREATE OR REPLACE TEMP MACRO ing_date_code(x) AS
    CASE WHEN ing_date_text(x) IS NULL THEN 'bad_date' ELSE 'impossible_date' END
