-- The date spine: one snapshot date per week from $first to $last (both on the snapshot weekday).
-- day_end is the first moment after the snapshot day: changes before it are in the snapshot.
CREATE OR REPLACE TEMP TABLE backfill_weeks AS
SELECT CAST(t.d AS DATE) AS snapshot_date, CAST(t.d AS TIMESTAMP) + INTERVAL 1 DAY AS day_end
FROM range(CAST($first AS TIMESTAMP), CAST($last AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 7 DAY) AS t(d)
