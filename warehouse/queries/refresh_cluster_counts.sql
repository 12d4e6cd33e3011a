-- Recount events, articles and independent sources (copies excluded) of the given clusters
-- (parameters: cluster ids, their earliest first_date; see cluster_details.sql for the bounds).
UPDATE event_clusters c SET
    n_events = s.n_events, n_articles = s.n_articles, n_sources = s.n_sources
FROM (
    SELECT e.cluster_id,
           count(*) AS n_events,
           count(DISTINCT e.article_id) AS n_articles,
           count(DISTINCT a.source) AS n_sources
    FROM events e JOIN articles a USING (article_id)
    WHERE e.cluster_id IN (SELECT unnest($1)) AND a.copy_of IS NULL
      AND e.event_date >= CAST($2 AS DATE) - INTERVAL 10 DAY
      AND a.published_at >= CAST($2 AS DATE) - INTERVAL 60 DAY
    GROUP BY e.cluster_id
) s
WHERE c.cluster_id = s.cluster_id
