-- An unsigned number as plain text: 1234.5, 1,234.50 (thousands commas), 1.234,50 or 1234,50
-- (decimal comma), 1.2E6. NULL for anything else. "1.234" is read as a decimal point.
CREATE OR REPLACE TEMP MACRO ing_number_text(b) AS (
    CASE
        WHEN regexp_full_match(b, '\d+(\.\d*)?|\.\d+|\d+(\.\d+)?E[+-]?\d+') THEN b
        WHEN regexp_full_match(b, '\d{1,3}(,\d{3})+(\.\d*)?') THEN replace(b, ',', '')
        WHEN regexp_full_match(b, '\d{1,3}(\.\d{3})+(,\d*)?') THEN replace(replace(b, '.', ''), ',', '.')
        WHEN regexp_full_match(b, '\d+,\d{1,2}') THEN replace(b, ',', '.')
    END
)
