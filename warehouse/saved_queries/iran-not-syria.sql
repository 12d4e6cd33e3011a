-- Articles about Iran that are not about Syria
SELECT title, source, published_at
FROM v_articles
WHERE list_contains(list_transform(tags, lambda t: t.tag), 'iran') AND NOT list_contains(theatres, 'syria')
ORDER BY published_at DESC;
