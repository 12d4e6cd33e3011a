-- Copies of these articles (wire copies, aggregator re-posts), to fold under their original
-- in an alert's sources. Parameters: list of original article ids.
SELECT a.article_id, a.copy_of, a.source, a.title, a.url,
       strftime(a.published_at, '%Y-%m-%dT%H:%M:%SZ') AS published_at
FROM articles a
WHERE a.copy_of IN (SELECT unnest($1))
ORDER BY a.published_at, a.article_id
