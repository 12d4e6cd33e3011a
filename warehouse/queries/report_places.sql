-- Report map: event clusters in the window grouped by place, with coordinates from the
-- cluster, else its place in the gazetteer (entities.lat/lon), else its region's.
SELECT coalesce(c.place_id, c.region_id) AS place_id,
       coalesce(p.name, r.name, c.place_id, c.region_id) AS name,
       coalesce(c.lat, p.lat, r.lat) AS lat,
       coalesce(c.lon, p.lon, r.lon) AS lon,
       count(*) AS clusters,
       sum(c.n_sources) AS sources,
       list(DISTINCT c.type ORDER BY c.type) AS types,
       min(c.first_date) AS first_date,
       max(c.first_date) AS last_date,
       count(*) FILTER (WHERE c.cluster_id IN (SELECT cluster_id FROM alerts WHERE cluster_id IS NOT NULL))
           AS alerted_clusters
FROM event_clusters c
LEFT JOIN entities p ON p.entity_id = c.place_id
LEFT JOIN entities r ON r.entity_id = c.region_id
WHERE c.first_date BETWEEN $first_day AND $last_day
GROUP BY ALL
ORDER BY clusters DESC, name;
