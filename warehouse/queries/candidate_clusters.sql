-- Clusters an event batch may join: same type and place key, recent enough
-- (parameters: list of 'TYPE|REGION' strings, earliest date).
SELECT cluster_id, type, region_id, recurrence_key, first_date, last_date, first_seen_at,
       last_seen_at, parties, place_id, lat, lon
FROM event_clusters
WHERE type || '|' || region_id IN (SELECT unnest($1)) AND last_date >= $2
-- a fixed order: of two equally good clusters an event joins the first (clustering.cluster_events)
ORDER BY first_date, type, region_id, place_id, recurrence_key, cluster_id
