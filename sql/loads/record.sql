INSERT INTO loads (load_id, table_name, file_name, content_hash, rows, loaded_at, snapshot_date, notes)
VALUES ($load_id, $table_name, $file_name, $content_hash, $rows, now()::TIMESTAMP, $snapshot_date, $notes)
