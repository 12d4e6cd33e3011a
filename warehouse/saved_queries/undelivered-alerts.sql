-- Alerts that have not reached a channel yet (the outbox)
SELECT a.created_at, a.summary, d.channel, d.status, d.attempts, d.last_error
FROM deliveries d JOIN alerts a USING (alert_id)
WHERE d.status <> 'sent' ORDER BY a.created_at;
