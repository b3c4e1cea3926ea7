-- Forget the results computed from data of another version (they can never be read again).
DELETE FROM result_memo WHERE data_version <> $data_version
