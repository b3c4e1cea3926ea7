-- snapshot_index: every snapshot date of the store, oldest first, with its position idx (1 = the
-- oldest; "the snapshot before" is idx - 1) and a fingerprint of its rows (how many, and the sum
-- of their load ids). A load, replace or unload changes the fingerprint of every date it touches,
-- which tells analytics/derived.py from which date on the other summaries must be recomputed.
SELECT snapshot_date,
       row_number() OVER (ORDER BY snapshot_date) AS idx,
       count(*) AS deal_rows,
       sum(load_id) AS load_sum
FROM snapshots
GROUP BY snapshot_date
ORDER BY snapshot_date
