-- Deliveries a channel accepted. Parameters: sent_at, channel, list of alert ids.
UPDATE deliveries SET status = 'sent', attempts = attempts + 1, sent_at = $1, last_error = NULL
WHERE channel = $2 AND alert_id IN (SELECT unnest($3))
