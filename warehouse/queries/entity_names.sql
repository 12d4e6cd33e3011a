-- Entity id -> name.
SELECT entity_id, name FROM entities
