-- Cap DuckDB's memory for the database (a global setting): beyond it, tables spill to the
-- temporary directory. $memory_limit is a size such as '1GB'.
SET memory_limit = $memory_limit
