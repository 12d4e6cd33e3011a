-- The warehouse's own clock: its latest fetch, article publication or alert (NULL when empty).
SELECT greatest(
    (SELECT max(fetched_at) FROM fetches),
    (SELECT max(published_at) FROM articles),
    (SELECT max(created_at) FROM alerts))
