-- Every snapshot date in the store, oldest first (the choices of the Pipeline page's pickers).
SELECT DISTINCT snapshot_date FROM snapshots ORDER BY snapshot_date
