-- DuckDB's default memory limit (80% of the machine's memory) again.
RESET memory_limit
