-- Articles published since a date, for re-tagging (parameters: since, limit).
SELECT article_id, title, text, summary, published_at, language, source
FROM articles
WHERE published_at >= $1
ORDER BY published_at, article_id
LIMIT $2
