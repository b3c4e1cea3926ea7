-- "Snapshot as of D" from snapshot_index (a few hundred rows) instead of the snapshots table: the
-- latest snapshot_date <= D, if at most max_age days old, else NULL (as schema.sql's snapshot_as_of).
CREATE OR REPLACE MACRO snapshot_index_as_of(d, max_age) AS (
    SELECT CASE WHEN date_diff('day', s, CAST(d AS DATE)) <= max_age THEN s END
    FROM (SELECT max(snapshot_date) AS s FROM snapshot_index WHERE snapshot_date <= CAST(d AS DATE))
)
