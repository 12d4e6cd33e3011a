-- What an alert needs to know of clusters: counts, best confidence, theatres, a sentence
-- and the sources, each with the parties its event names (parameters: list of cluster ids, the earliest first_date among them).
-- The date bounds let DuckDB skip old row groups (zone maps): a cluster's events are dated at
-- most a few days before it begins, and its reports published at most weeks before.
-- `dated`: some report gives the event's day, or states it in its headline (a headline is
-- the news of the day it is published; an undated mention in a body is often background:
-- counting feed descriptions too found more real recurrences but raised alerts on the
-- invented timeline's undated re-mentions, so it was not taken).
-- `day_date`: the earliest day a report gives (NULL when none does), for the cooldown.
SELECT c.cluster_id, c.type, c.region_id, c.recurrence_key, c.first_date, c.last_date,
       c.parties, c.place_id, c.n_articles, c.n_sources,
       max(e.confidence) AS confidence,
       bool_or(e.date_precision = 'day' OR e.sentence = a.title) AS dated,
       min(e.event_date) FILTER (WHERE e.date_precision = 'day') AS day_date,
       list(DISTINCT e.article_id) AS article_ids,
       arg_max(e.sentence, e.confidence) AS sentence,
       list(DISTINCT t.tag) FILTER (WHERE t.tag IS NOT NULL) AS theatres,
       list(DISTINCT {'article_id': a.article_id, 'source': a.source, 'title': a.title, 'url': a.url,
                      'published_at': strftime(a.published_at, '%Y-%m-%dT%H:%M:%SZ'),
                      'parties': e.parties}) AS sources
FROM event_clusters c
JOIN events e ON e.cluster_id = c.cluster_id
JOIN articles a ON a.article_id = e.article_id AND a.copy_of IS NULL
LEFT JOIN article_tags t ON t.article_id = e.article_id
    AND t.tag IN ('syria', 'libya', 'turkey-russia-iran')
WHERE c.cluster_id IN (SELECT unnest($1))
  AND e.event_date >= CAST($2 AS DATE) - INTERVAL 10 DAY
  AND a.published_at >= CAST($2 AS DATE) - INTERVAL 60 DAY
GROUP BY ALL
