-- Deliveries that failed: retried after an exponential backoff (1, 2, 4 ... minutes, at
-- most the cap). Parameters: error, now, cap in minutes, channel, list of alert ids.
UPDATE deliveries SET status = 'failed', attempts = attempts + 1, last_error = $1,
       next_attempt_at = $2 + to_minutes(CAST(least(pow(2, attempts), $3) AS BIGINT))
WHERE channel = $4 AND alert_id IN (SELECT unnest($5))
