-- Earlier clusters of one type and place key inside a look-back window: the recurrence
-- lookup, by key over a bounded window (uses clusters_type_region_idx).
-- Parameters: type, region_id, first date of the new cluster, look-back days.
SELECT cluster_id, type, region_id, recurrence_key, first_date, last_date, parties, place_id,
       n_sources
FROM event_clusters
WHERE type = $1 AND region_id = $2
  AND first_date < $3 AND first_date >= $3 - to_days(CAST($4 AS INTEGER))
ORDER BY first_date
