-- A yes/no cell: true/false, yes/no, y/n, 1/0, x, 是/否; NULL when empty or unreadable.
CREATE OR REPLACE TEMP MACRO ing_bool(x) AS (
    CASE
        WHEN ing_word(x) IN ('true', 't', 'yes', 'y', '1', 'x', '是', '已完成', 'done', '✓', '✔') THEN true
        WHEN ing_word(x) IN ('false', 'f', 'no', 'n', '0', '否', '未完成') THEN false
    END
)
