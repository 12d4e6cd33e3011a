-- The user's tables and views with their comments.
SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main'
UNION ALL SELECT view_name, comment FROM duckdb_views() WHERE schema_name = 'main'
AND NOT internal ORDER BY 1
