-- Which recurrence keys fired most in the last 90 days
SELECT recurrence_key, count(*) AS alerts, min(created_at) AS first, max(created_at) AS last
FROM v_alerts
WHERE kind = 'recurrence' AND created_at >= now() - INTERVAL 90 DAY
GROUP BY recurrence_key ORDER BY alerts DESC;
