-- Deliveries due now (pending, or failed and past their backoff), with the alert to send
-- (parameter: now).
SELECT d.channel, a.alert_id, a.kind, a.rule, a.cluster_id, a.recurrence_key, a.severity,
       a.created_at, a.summary, a.explanation, a.markdown, d.attempts
FROM deliveries d
JOIN alerts a USING (alert_id)
WHERE d.status IN ('pending', 'failed') AND coalesce(d.next_attempt_at, $1) <= $1
ORDER BY a.created_at, a.alert_id
