-- One feedback row. Parameters: id, action, alert id, mute key, reason, analyst, created at, muted until.
INSERT INTO alert_feedback VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING
