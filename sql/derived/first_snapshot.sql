-- The oldest snapshot date of the store (NULL when it holds none), from snapshot_index.
SELECT min(snapshot_date) FROM snapshot_index
