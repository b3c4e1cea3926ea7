-- Every snapshot date in the store, oldest first (the choices of the Pipeline page's pickers),
-- from snapshot_index (sql/derived/).
SELECT snapshot_date FROM snapshot_index ORDER BY snapshot_date
