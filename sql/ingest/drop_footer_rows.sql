-- Records read from a report footer (only when a footer line happened to have as many fields as
-- the header): every record at or after position $first_rowid (0-based, in file order).
DELETE FROM ingest_raw WHERE rowid - (SELECT min(rowid) FROM ingest_raw) >= $first_rowid
