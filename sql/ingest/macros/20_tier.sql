-- A territory tier A, B or C (重点 / 次重点 / 非重点); NULL when unknown.
CREATE OR REPLACE TEMP MACRO ing_tier(x) AS (MAP {
    'a': 'A', 'b': 'B', 'c': 'C', '重点': 'A', '次重点': 'B', '非重点': 'C'
})[ing_word(x)]
