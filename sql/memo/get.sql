-- A remembered result of `name` for `key`, if it was computed from the data of this version.
SELECT payload
FROM result_memo
WHERE name = $name AND key = $key AND data_version = $data_version
