-- The first date of the stored history of clusters.
SELECT min(first_date) FROM event_clusters
