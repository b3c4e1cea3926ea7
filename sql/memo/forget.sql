-- Forget every remembered result (the benchmark's first page visit after a load).
DELETE FROM result_memo
