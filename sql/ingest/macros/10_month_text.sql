-- A month cell as the Y-M-1 text of its first day: 2026-01, 2026/1, 2026年1月, 1/2026, Jan 2026,
-- Jan-26 (how spreadsheets rewrite 2026-01), or a full date on the first of a month.
CREATE OR REPLACE TEMP MACRO ing_month_text(x) AS (
    CASE
        WHEN regexp_full_match(x, '\d{4}[-/.]\d{1,2}')
            THEN regexp_replace(x, '^(\d{4})[-/.](\d{1,2})$', '\1-\2-1')
        WHEN regexp_full_match(x, '\d{4}年\d{1,2}月')
            THEN regexp_replace(x, '^(\d{4})年(\d{1,2})月$', '\1-\2-1')
        WHEN regexp_full_match(x, '\d{1,2}/\d{4}')
            THEN regexp_replace(x, '^(\d{1,2})/(\d{4})$', '\2-\1-1')
        WHEN day(ing_date(x)) = 1 THEN ing_date_text(x)
        WHEN regexp_full_match(x, '[A-Za-z]+[- ]\d{2}')
            THEN strftime(try_strptime(x, ['%b-%y', '%b %y', '%B-%y', '%B %y']), '%Y-%m-%d')
        WHEN regexp_full_match(x, '[A-Za-z]+[- ]\d{4}')
            THEN strftime(try_strptime(x, ['%b-%Y', '%b %Y', '%B-%Y', '%B %Y']), '%Y-%m-%d')
    END
)
