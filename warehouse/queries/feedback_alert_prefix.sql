-- Up to five alert ids starting with a prefix (feedback accepts an unambiguous prefix).
-- Parameters: prefix.
SELECT alert_id FROM alerts WHERE starts_with(alert_id, $1) ORDER BY alert_id LIMIT 5
