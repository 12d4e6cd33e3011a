-- The people mentioned most in the last week, with their role
SELECT n.name, n.role, sum(m.count) AS mentions
FROM mentions m JOIN entities n USING (entity_id) JOIN articles a USING (article_id)
WHERE n.kind = 'person' AND a.published_at >= now() - INTERVAL 7 DAY
GROUP BY ALL ORDER BY mentions DESC LIMIT 20;
