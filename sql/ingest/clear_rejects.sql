-- Forget the rejects of a typed read before the file is read again with more columns as text
-- (analytics/ingest/fastpath.py): rejects.sql looks at the last scan that had any.
DELETE FROM ingest_rejects
