-- Articles the tagger has not processed yet, oldest first (parameter: limit).
SELECT article_id, title, text, summary, published_at, language, source
FROM articles
WHERE tagged_at IS NULL
ORDER BY published_at, article_id
LIMIT $1
