-- Recurrence alerts of the last seven days, newest first
SELECT created_at, recurrence_key, severity, summary
FROM v_alerts
WHERE kind = 'recurrence' AND created_at >= now() - INTERVAL 7 DAY
ORDER BY created_at DESC;
