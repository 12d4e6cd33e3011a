-- What an alert needs to know of clusters: counts, best confidence, theatres, a sentence
-- and the sources (parameter: list of cluster ids).
SELECT c.cluster_id, c.type, c.region_id, c.recurrence_key, c.first_date, c.last_date,
       c.parties, c.place_id, c.n_articles, c.n_sources,
       max(e.confidence) AS confidence,
       bool_or(e.date_precision = 'day') AS dated,
       list(DISTINCT e.article_id) AS article_ids,
       arg_max(e.sentence, e.confidence) AS sentence,
       list(DISTINCT t.tag) FILTER (WHERE t.tag IS NOT NULL) AS theatres,
       list(DISTINCT {'source': a.source, 'title': a.title, 'url': a.url,
                      'published_at': strftime(a.published_at, '%Y-%m-%dT%H:%M:%SZ')}) AS sources
FROM event_clusters c
JOIN events e ON e.cluster_id = c.cluster_id
JOIN articles a ON a.article_id = e.article_id AND a.copy_of IS NULL
LEFT JOIN article_tags t ON t.article_id = e.article_id
    AND t.tag IN ('syria', 'libya', 'turkey-russia-iran')
WHERE c.cluster_id IN (SELECT unnest($1))
GROUP BY ALL
