-- Sources that report the Turkistan Islamic Party (TIP) most
SELECT a.source, count(DISTINCT a.article_id) AS articles
FROM mentions m JOIN articles a USING (article_id)
WHERE m.entity_id = 'org:tip' AND a.copy_of IS NULL
GROUP BY a.source ORDER BY articles DESC;
