-- Clusters and articles behind alerts of any cluster kind raised within a window before now:
-- a happening already alerted on (by any rule kind) does not alert again.
-- Parameters: now, window hours.
SELECT DISTINCT a.cluster_id, e.article_id
FROM alerts a JOIN events e ON e.cluster_id = a.cluster_id
WHERE a.cluster_id IS NOT NULL AND a.created_at >= $1 - to_hours(CAST($2 AS BIGINT))
