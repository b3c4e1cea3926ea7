SELECT load_id, table_name, file_name, content_hash, rows, loaded_at, snapshot_date, notes
FROM loads
ORDER BY load_id
