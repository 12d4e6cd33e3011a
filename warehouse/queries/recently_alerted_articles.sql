-- Articles behind recurrence alerts raised within a cooldown before now.
-- Parameters: now, cooldown hours.
SELECT DISTINCT e.article_id FROM alerts a JOIN events e ON e.cluster_id = a.cluster_id
WHERE a.kind = 'recurrence' AND a.created_at >= $1 - to_hours(CAST($2 AS BIGINT))
