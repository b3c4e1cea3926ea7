-- The latest snapshot date of the store (NULL when it holds none), from snapshot_index.
CREATE OR REPLACE MACRO latest_snapshot() AS (SELECT max(snapshot_date) FROM snapshot_index)
