-- Where empty lines shift the row numbers. DuckDB skips empty lines, so record r (0-based position)
-- sits on physical line r + 2 + k, k = empty lines before it. Empty line i (1-based) on physical
-- line b_i comes after records 0 .. b_i - i - 2, so it shifts every record at position >= b_i - i - 1.
CREATE OR REPLACE TEMP TABLE ingest_blanks AS
SELECT t, max(k) AS k
FROM (
    SELECT unnest(CAST($blank_lines AS BIGINT[])) - generate_subscripts(CAST($blank_lines AS BIGINT[]), 1) - 1 AS t,
           generate_subscripts(CAST($blank_lines AS BIGINT[]), 1) AS k
)
GROUP BY t
