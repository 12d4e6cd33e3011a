-- Events detection has not processed yet, with what clustering needs (parameter: limit).
SELECT e.event_id, e.article_id, e.type, e.region_id, e.parties, e.event_date, e.date_precision,
       e.place_id, p.lat, p.lon, e.status, e.confidence, e.recurrence_key, e.sentence,
       a.published_at, a.copy_of, a.url
FROM events e
JOIN articles a USING (article_id)
LEFT JOIN entities p ON p.entity_id = e.place_id
WHERE e.clustered_at IS NULL
-- the order of newswatch.clustering.founding_order, so a batch boundary falls where it sorts
ORDER BY e.event_date, a.published_at, a.url, e.type, e.sentence, e.event_id
LIMIT $1
