-- A territory tier A, B or C (重点 / 次重点 / 非重点); NULL when unknown.
CREATE OR REPLACE TEMP MACRO ing_tier(x) AS (
    CASE
        WHEN upper(ing_clean(x)) IN ('A', 'B', 'C') THEN upper(ing_clean(x))
        WHEN ing_clean(x) = '重点' THEN 'A'
        WHEN ing_clean(x) = '次重点' THEN 'B'
        WHEN ing_clean(x) = '非重点' THEN 'C'
    END
)
