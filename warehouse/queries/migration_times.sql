-- Applied migrations and when.
SELECT version, applied_at FROM schema_migrations
