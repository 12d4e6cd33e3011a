-- Every table (user tables and internal ones).
SELECT table_name FROM duckdb_tables()
