-- The derived objects present in the store and whether each is a table or a view.
SELECT table_name AS name, 'table' AS kind
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main'
  AND list_contains($names, table_name)
UNION ALL
SELECT view_name, 'view'
FROM duckdb_views()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
  AND list_contains($names, view_name)
