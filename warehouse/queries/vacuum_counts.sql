-- Rows kept by retention, for the report of `newswatch vacuum`.
SELECT (SELECT count(*) FROM articles) AS articles,
       (SELECT count(*) FROM articles WHERE text IS NOT NULL) AS articles_with_text,
       (SELECT count(*) FROM events) AS events,
       (SELECT count(*) FROM event_clusters) AS clusters,
       (SELECT count(*) FROM alerts) AS alerts,
       (SELECT count(*) FROM fetches) AS fetches;
