-- Digest: alerts raised in a period. Parameters: since, until.
SELECT created_at, severity, rule, summary, alert_id
FROM alerts WHERE created_at > $1 AND created_at <= $2
ORDER BY created_at, alert_id
