-- Remember a result (Parquet bytes) of `name` for `key`, computed from the data of this version.
INSERT OR REPLACE INTO result_memo (name, key, data_version, payload, computed_at, seconds)
VALUES ($name, $key, $data_version, $payload, $computed_at, $seconds)
