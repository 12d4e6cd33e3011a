-- Every recurrence alert with the URLs of its cluster's articles (alert scoring).
SELECT al.alert_id, al.created_at, list(ar.url) FROM alerts al
JOIN events e ON e.cluster_id = al.cluster_id JOIN articles ar USING (article_id)
WHERE al.kind = 'recurrence' GROUP BY ALL ORDER BY al.created_at
