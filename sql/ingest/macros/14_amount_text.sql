-- An amount cell as signed plain text. Negative: (1,200), -1,200 or 1,200-. A lone dash after
-- the currency is stripped ($-, the accounting format's zero) is 0.
CREATE OR REPLACE TEMP MACRO ing_amount_text(x) AS (
    CASE
        WHEN ing_money_strip(x) IN ('-', '–', '—') THEN '0'
        ELSE CASE WHEN regexp_full_match(ing_money_strip(x), '\(.*\)|-.*|.*-') THEN '-' ELSE '' END
            || ing_number_text(regexp_replace(ing_money_strip(x), '^\((.*)\)$|^[-+](.*)$|^(.*)-$', '\1\2\3'))
    END
)
