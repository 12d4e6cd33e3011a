-- The earliest first date of some clusters. Parameters: list of cluster ids.
SELECT min(first_date) FROM event_clusters WHERE cluster_id IN (SELECT unnest($1))
