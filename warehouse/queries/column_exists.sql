-- Whether a table or view has a column of this name. Parameters: table or view, column.
SELECT count(*) > 0 FROM duckdb_columns() WHERE table_name = $1 AND column_name = $2
