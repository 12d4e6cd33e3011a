-- Stamp processed events as clustered. Parameters: clustered_at, list of event ids.
UPDATE events SET clustered_at = $1
WHERE clustered_at IS NULL AND event_id IN (SELECT unnest($2))
