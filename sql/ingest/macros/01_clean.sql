-- A cell as text: trimmed of spaces, tabs, line breaks, no-break and ideographic spaces and
-- byte-order marks; '' is NULL. The (slow) trim runs only when the cell starts or ends with one.
-- Every other ingest macro takes a cleaned cell; the stage queries clean each column once.
CREATE OR REPLACE TEMP MACRO ing_clean(x) AS nullif(
    CASE
        WHEN ascii(x) IN (9, 10, 13, 32, 160, 12288, 65279)
          OR ascii(right(x, 1)) IN (9, 10, 13, 32, 160, 12288, 65279)
        THEN trim(x, ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(12288) || chr(65279))
        ELSE x
    END,
    '')
