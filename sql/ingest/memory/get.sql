-- DuckDB's memory limit as it reports it ('18.8 GiB'): the value a load's cap is compared with.
SELECT current_setting('memory_limit')
