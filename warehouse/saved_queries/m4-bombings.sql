-- Every bombing on the M4 highway, with the happening it belongs to and how many outlets reported it
SELECT e.event_date, e.place_name, c.n_sources, c.n_articles, e.article_title
FROM v_events e JOIN v_event_clusters c USING (cluster_id)
WHERE e.type = 'BOMBING' AND e.region_id = 'road:m4'
ORDER BY e.event_date;
