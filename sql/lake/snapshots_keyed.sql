-- The snapshots as the lake stores them: every column plus row_key, the row's stable key (its
-- rowid at export), which the lake's SQL reads where DuckDB's reads rowid (analytics/lake.py).
SELECT *, rowid AS row_key FROM snapshots
