-- Record an applied migration. Parameters: version, name.
INSERT INTO schema_migrations (version, name) VALUES ($1, $2)
