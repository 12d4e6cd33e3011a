-- Digest: events reported by articles stored in a period (copies of another article left
-- out), grouped by type and place. Parameters: since, until, max groups.
SELECT e.type,
       coalesce(r.name, e.region_id, e.country, 'unknown') AS place,
       count(DISTINCT e.article_id) AS articles,
       count(DISTINCT a.source) AS sources,
       min(e.event_date) AS first_date,
       max(e.event_date) AS last_date
FROM events e
JOIN articles a USING (article_id)
LEFT JOIN entities r ON r.entity_id = e.region_id
WHERE a.fetched_at > $1 AND a.fetched_at <= $2 AND a.copy_of IS NULL
  AND e.status NOT IN ('denied', 'hypothetical')
GROUP BY ALL
ORDER BY articles DESC, sources DESC, e.type, place
LIMIT $3
