-- An amount cell as DECIMAL(18,2) (rounded to the cent); NULL when unreadable or too large.
CREATE OR REPLACE TEMP MACRO ing_amount(x) AS TRY_CAST(ing_amount_text(x) AS DECIMAL(18, 2))
