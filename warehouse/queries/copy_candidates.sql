-- Recent original articles a new article could be a copy of (parameter: since).
SELECT article_id, text_hash, simhash
FROM articles
WHERE copy_of IS NULL AND coalesce(published_at, fetched_at) >= $1 AND text_hash IS NOT NULL
ORDER BY fetched_at, article_id
