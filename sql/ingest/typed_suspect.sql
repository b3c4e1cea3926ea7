-- Date columns of the fast path's typed read (analytics/ingest/fastpath.py) holding a value that
-- DuckDB's reader accepts but the loader's text parser refuses: 'infinity' (an infinite date) and
-- 'epoch' (1970-01-01). Such a column is read again as text, where the value gets its message.
SELECT
    coalesce(bool_or(isinf(snapshot_date_typed) OR snapshot_date_typed = DATE '1970-01-01'), false),
    coalesce(bool_or(isinf(close_date_typed) OR close_date_typed = DATE '1970-01-01'), false),
    coalesce(bool_or(isinf(created_date_typed) OR created_date_typed = DATE '1970-01-01'), false)
FROM ingest_raw
