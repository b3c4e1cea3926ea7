-- A date cell rewritten as Y-M-D text, or NULL when it has no date shape. Accepted: ISO
-- (2026-01-05, 2026/1/5), US month first (1/5/2026, 1/5/26), day first with dots (5.1.2026),
-- Chinese (2026年1月5日), each optionally followed by a time of day (ing_time_suffix).
CREATE OR REPLACE TEMP MACRO ing_date_text(x) AS (
    CASE
        WHEN regexp_full_match(x, '\d{4}[-/.]\d{1,2}[-/.]\d{1,2}' || ing_time_suffix())
            THEN regexp_replace(x, '^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2}).*$', '\1-\2-\3')
        WHEN regexp_full_match(x, '\d{1,2}/\d{1,2}/\d{4}' || ing_time_suffix())
            THEN regexp_replace(x, '^(\d{1,2})/(\d{1,2})/(\d{4}).*$', '\3-\1-\2')
        WHEN regexp_full_match(x, '\d{1,2}/\d{1,2}/\d{2}' || ing_time_suffix())
            THEN CASE
                    WHEN CAST(regexp_extract(x, '^\d{1,2}/\d{1,2}/(\d{2})', 1) AS INTEGER) < 70
                    THEN '20' ELSE '19'
                END || regexp_replace(x, '^(\d{1,2})/(\d{1,2})/(\d{2}).*$', '\3-\1-\2')
        WHEN regexp_full_match(x, '\d{1,2}\.\d{1,2}\.\d{4}' || ing_time_suffix())
            THEN regexp_replace(x, '^(\d{1,2})\.(\d{1,2})\.(\d{4}).*$', '\3-\2-\1')
        WHEN regexp_full_match(x, '\d{4}年\d{1,2}月\d{1,2}日?' || ing_time_suffix())
            THEN regexp_replace(x, '^(\d{4})年(\d{1,2})月(\d{1,2}).*$', '\1-\2-\3')
    END
)
