-- Leave the refused rows out of the load.
DELETE FROM ingest_kept WHERE list_contains(CAST($rows AS BIGINT[]), row_no)
