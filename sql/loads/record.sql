INSERT INTO loads (load_id, table_name, file_name, content_hash, rows, loaded_at, snapshot_date, notes)
VALUES ($load_id, $table_name, $file_name, $content_hash, $rows, CAST($loaded_at AS TIMESTAMP), $snapshot_date, $notes)
