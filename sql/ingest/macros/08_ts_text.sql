-- A date-time cell as 'Y-M-D h:m:s' text (midnight when only a date is given). AM/PM is applied;
-- a time-zone designator is ignored: times are read as the local wall-clock time.
CREATE OR REPLACE TEMP MACRO ing_ts_text(x) AS (
    ing_date_text(x) || ' ' || CASE
        WHEN NOT regexp_matches(x, '\d{1,2}:\d{2}') THEN '00:00:00'
        ELSE CAST(
                CASE
                    WHEN regexp_matches(x, '\d\s*[Pp]\.?[Mm]\.?')
                        THEN CAST(regexp_extract(x, '(\d{1,2}):\d{2}', 1) AS INTEGER) % 12 + 12
                    WHEN regexp_matches(x, '\d\s*[Aa]\.?[Mm]\.?')
                        THEN CAST(regexp_extract(x, '(\d{1,2}):\d{2}', 1) AS INTEGER) % 12
                    ELSE CAST(regexp_extract(x, '(\d{1,2}):\d{2}', 1) AS INTEGER)
                END AS VARCHAR)
            || ':' || regexp_extract(x, '\d{1,2}:(\d{2})', 1)
            || ':' || coalesce(nullif(regexp_extract(x, '\d{1,2}:\d{2}:(\d{2}(\.\d+)?)', 1), ''), '00')
    END
)
