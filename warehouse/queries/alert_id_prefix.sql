-- Alert ids starting with a prefix (at most 5). Parameters: prefix.
SELECT alert_id FROM alerts WHERE starts_with(alert_id, $1) ORDER BY alert_id LIMIT 5
