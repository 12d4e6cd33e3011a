-- Fetch failures by error class over the last day
SELECT f.name, x.status, count(*) AS fetches, max(x.error) AS example_error
FROM fetches x JOIN feeds f USING (feed_id)
WHERE x.status NOT IN ('ok', 'not_modified') AND x.fetched_at >= now() - INTERVAL 1 DAY
GROUP BY ALL ORDER BY fetches DESC;
