-- How many changes of the history shape the snapshots.
SELECT count(*) FROM backfill_changes WHERE field IS NOT NULL AND code IS NULL AND NOT initial
