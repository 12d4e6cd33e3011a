-- 004: each alert's verdict from the desk in v_alerts (`alerts list`, `alerts show`, --unread).
-- Same rule as newswatch.feedback.verdict_label: the latest confirm/dismiss of the alert
-- ('confirmed' or 'dismissed', then ': reason' when one was given); otherwise 'muted' when a
-- mute of its rule, recurrence key or a leading part of the key was in force when it was
-- raised or was given after it; otherwise NULL (nobody has judged it: unread).

CREATE OR REPLACE VIEW v_alerts AS
SELECT a.alert_id, a.created_at, a.kind, a.rule, a.severity, a.summary, a.cluster_id,
       a.recurrence_key, c.type, c.region_id, c.first_date, c.n_sources,
       coalesce((SELECT list({'channel': d.channel, 'status': d.status, 'attempts': d.attempts}
                             ORDER BY d.channel)
                 FROM deliveries d WHERE d.alert_id = a.alert_id), []) AS deliveries,
       a.explanation,
       coalesce(
           (SELECT CASE f.action WHEN 'confirm' THEN 'confirmed' ELSE 'dismissed' END
                   || coalesce(': ' || nullif(f.reason, ''), '')
            FROM alert_feedback f
            WHERE f.alert_id = a.alert_id AND f.action IN ('confirm', 'dismiss')
            ORDER BY f.created_at DESC, f.feedback_id DESC
            LIMIT 1),
           (SELECT 'muted' FROM alert_feedback m
            WHERE m.action = 'mute' AND m.muted_until > a.created_at
              AND (m.mute_key = a.rule OR m.mute_key = a.recurrence_key
                   OR starts_with(coalesce(a.recurrence_key, ''), m.mute_key || '|'))
            LIMIT 1)
       ) AS verdict
FROM alerts a
LEFT JOIN event_clusters c ON c.cluster_id = a.cluster_id;
COMMENT ON VIEW v_alerts IS 'Alerts with their cluster, delivery status per channel and the desk''s verdict.';
COMMENT ON COLUMN v_alerts.alert_id IS 'Alert id.';
COMMENT ON COLUMN v_alerts.created_at IS 'When raised.';
COMMENT ON COLUMN v_alerts.kind IS 'recurrence, burst, first_seen, meeting, feed_health.';
COMMENT ON COLUMN v_alerts.rule IS 'Rule name.';
COMMENT ON COLUMN v_alerts.severity IS 'Severity.';
COMMENT ON COLUMN v_alerts.summary IS 'One-line summary.';
COMMENT ON COLUMN v_alerts.cluster_id IS 'Triggering cluster (NULL if none).';
COMMENT ON COLUMN v_alerts.recurrence_key IS 'Matched key.';
COMMENT ON COLUMN v_alerts.type IS 'Event type of the cluster.';
COMMENT ON COLUMN v_alerts.region_id IS 'Place key of the cluster.';
COMMENT ON COLUMN v_alerts.first_date IS 'Date of the cluster.';
COMMENT ON COLUMN v_alerts.n_sources IS 'Independent sources of the cluster.';
COMMENT ON COLUMN v_alerts.deliveries IS 'Per channel: status and attempts.';
COMMENT ON COLUMN v_alerts.explanation IS 'Structured explanation (JSON).';
COMMENT ON COLUMN v_alerts.verdict IS 'The desk''s verdict: confirmed, dismissed (": reason" when given), muted (its rule or key was muted), NULL when nobody has judged it (alerts list --unread).';
