-- Whether a table of this name exists. Parameters: table name.
SELECT count(*) > 0 FROM duckdb_tables() WHERE table_name = $1
