-- Which outlets re-post others' stories (copies), and whose
SELECT c.source AS copier, o.source AS original_source, count(*) AS copies
FROM articles c JOIN articles o ON o.article_id = c.copy_of
GROUP BY ALL ORDER BY copies DESC;
