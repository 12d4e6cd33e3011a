-- Which of these alerts are stored already. Parameters: list of alert ids.
SELECT alert_id FROM alerts WHERE alert_id IN (SELECT unnest($1))
