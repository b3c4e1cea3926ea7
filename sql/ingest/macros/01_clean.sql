-- A cell as text: trimmed of spaces, tabs, line breaks, no-break and ideographic spaces; '' is NULL.
CREATE OR REPLACE TEMP MACRO ing_clean(x) AS
    nullif(trim(CAST(x AS VARCHAR), ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(12288) || chr(65279)), '')
