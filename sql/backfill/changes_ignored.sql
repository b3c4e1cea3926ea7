-- History rows of fields that do not shape a snapshot (Owner, created, dealname, …), per field.
SELECT source_field, count(*) AS n
FROM backfill_changes
WHERE field IS NULL AND opportunity_id IS NOT NULL AND NOT initial
GROUP BY source_field
ORDER BY n DESC, source_field
