-- Mutes in force at a time. Parameters: now.
SELECT mute_key, muted_until, reason FROM alert_feedback
WHERE action = 'mute' AND created_at <= $1 AND muted_until > $1
ORDER BY created_at
