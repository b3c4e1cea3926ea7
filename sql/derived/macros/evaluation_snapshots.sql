-- The snapshot dates at which a snapshot metric over a range is evaluated (M11, M17), from
-- snapshot_index: with a range (date_from and/or date_to), the latest snapshot of each period at
-- grain (fiscal start m0) whose start lies in the range, on or before as_of when given; without
-- one, the snapshot as of as_of (at most max_age days old; NULL as_of: the latest snapshot).
-- No row when there is none.
CREATE OR REPLACE MACRO evaluation_snapshots(as_of, max_age, grain, m0, date_from, date_to) AS TABLE
WITH as_of_snap AS (
    SELECT CASE WHEN as_of IS NULL THEN (SELECT max(snapshot_date) FROM snapshot_index)
                ELSE snapshot_index_as_of(as_of, max_age) END AS d
),
ranged AS (
    SELECT max(d) AS d
    FROM (SELECT snapshot_date AS d, period_start(snapshot_date, grain, m0) AS p_start
          FROM snapshot_index
          WHERE as_of IS NULL OR snapshot_date <= CAST(as_of AS DATE))
    WHERE (date_from IS NOT NULL OR date_to IS NOT NULL)
      AND (date_from IS NULL OR p_start >= date_from)
      AND (date_to IS NULL OR p_start <= date_to)
    GROUP BY p_start
)
SELECT d FROM ranged
UNION
SELECT d FROM as_of_snap WHERE date_from IS NULL AND date_to IS NULL AND d IS NOT NULL
