-- Every feedback row, oldest first.
SELECT feedback_id, action, alert_id, mute_key, reason, analyst, created_at, muted_until
FROM alert_feedback ORDER BY created_at, feedback_id
