-- calls_current: the call that counts per rep and week (the latest load, then the latest
-- submission, should the store hold two), as M1, M2, M3 and M14 read the calls. Rep-level calls
-- only: the calls of managers, regions and the company are read by M20 and the roll-up.
SELECT *
FROM calls
WHERE coalesce(scope_type, 'rep') = 'rep'
QUALIFY row_number() OVER (
    PARTITION BY rep, week_start ORDER BY load_id DESC, submitted_at DESC
) = 1
ORDER BY week_start, rep
