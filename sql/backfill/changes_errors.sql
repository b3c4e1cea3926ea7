-- The history values that cannot be read (the first $cap, and how many in all): row, role of the
-- column, value, problem code. Each bad cell once (a row of OpportunityHistory with a bad
-- timestamp is reported once, not per field).
SELECT row_no, role_of, value, code, count(*) OVER () AS total
FROM (
    SELECT DISTINCT row_no,
           CASE code WHEN 'missing' THEN 'opportunity_id' WHEN 'bad_timestamp' THEN 'changed_at' ELSE role END AS role_of,
           CASE code WHEN 'missing' THEN NULL WHEN 'bad_timestamp' THEN changed_raw ELSE raw END AS value,
           code
    FROM backfill_changes
    WHERE code IS NOT NULL
)
ORDER BY row_no, role_of
LIMIT $cap
