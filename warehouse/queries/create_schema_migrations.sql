-- The record of applied migrations (created before the first migration runs).
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp);
COMMENT ON TABLE schema_migrations IS 'Migrations applied to this warehouse (warehouse/migrations/NNN_name.sql).';
