-- A probability cell as a number: "60", "60%", "60 %", "0.6" (fractions are scaled by the loader
-- when the whole column is 0..1). NULL when it is not a number.
CREATE OR REPLACE TEMP MACRO ing_prob(x) AS
    TRY_CAST(trim(replace(replace(x, '%', ''), ',', '.')) AS DOUBLE)
