-- One page of articles published since a date, in a stable order, for backfills
-- (parameters: since, last published_at seen, last article_id seen, page size).
SELECT article_id, title, text, summary, published_at, language, source
FROM articles
WHERE published_at >= $1
  AND (published_at > $2 OR (published_at = $2 AND article_id > $3))
ORDER BY published_at, article_id
LIMIT $4
