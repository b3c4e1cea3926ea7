-- An amount cell as DECIMAL(18,2) (rounded to the cent); NULL when unreadable or too large.
-- Plain numbers and US dollar amounts ($431,370.50) take fast paths; everything else goes
-- through ing_amount_text.
CREATE OR REPLACE TEMP MACRO ing_amount(x) AS (
    CASE
        WHEN regexp_full_match(x, '-?\d+(\.\d+)?') THEN TRY_CAST(x AS DECIMAL(18, 2))
        WHEN regexp_full_match(x, '-?\$?\d{1,3}(,\d{3})*(\.\d+)?')
            THEN TRY_CAST(replace(replace(x, '$', ''), ',', '') AS DECIMAL(18, 2))
        ELSE TRY_CAST(ing_amount_text(x) AS DECIMAL(18, 2))
    END
)
