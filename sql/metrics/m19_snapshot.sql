-- M19 Quarter projection: the snapshot as of $as_of (the latest snapshot on or before it, at most
-- $max_age days old; default the latest snapshot; NULL when there is none), its fiscal quarter's
-- first day and label and its week of quarter (1..13).
WITH snap AS (
    SELECT CASE WHEN $as_of IS NULL THEN latest_snapshot()
                ELSE snapshot_index_as_of($as_of, $max_age) END AS snap_date
)
SELECT snap_date AS snapshot_date,
       fiscal_quarter_start(snap_date, $m0) AS quarter_start,
       fiscal_quarter_label(snap_date, $m0) AS period,
       week_of_quarter(snap_date, $m0) AS week
FROM snap
