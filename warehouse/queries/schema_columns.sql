-- A table's columns, types and comments. Parameters: table name.
SELECT column_name, data_type, comment FROM duckdb_columns()
WHERE table_name = $1 AND schema_name = 'main' ORDER BY column_index
