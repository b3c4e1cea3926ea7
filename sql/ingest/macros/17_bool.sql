-- A yes/no cell: true/false, yes/no, y/n, 1/0, x, 是/否; NULL when empty or unreadable.
CREATE OR REPLACE TEMP MACRO ing_bool(x) AS (MAP {
    'true': true, 't': true, 'yes': true, 'y': true, '1': true, 'x': true, '是': true,
    '已完成': true, 'done': true, '✓': true, '✔': true,
    'false': false, 'f': false, 'no': false, 'n': false, '0': false, '否': false, '未完成': false
})[ing_word(x)]
