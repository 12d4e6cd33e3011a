-- Clusters in time order, those that began on or after a date (NULL: all); for backtests.
-- Parameters: since date or NULL.
SELECT cluster_id FROM event_clusters
WHERE CAST($1 AS DATE) IS NULL OR first_date >= CAST($1 AS DATE)
ORDER BY first_date, cluster_id
