-- Report: alerts raised in [$since, $until), newest first, with their stored explanation
-- (JSON) and the date of the cluster that triggered them.
SELECT a.alert_id, a.created_at, a.kind, a.rule, a.severity, a.summary, a.recurrence_key,
       a.cluster_id, c.first_date, CAST(a.explanation AS VARCHAR) AS explanation
FROM alerts a
LEFT JOIN event_clusters c ON c.cluster_id = a.cluster_id
WHERE a.created_at >= $since AND a.created_at < $until
ORDER BY a.created_at DESC, a.alert_id
LIMIT $limit;
