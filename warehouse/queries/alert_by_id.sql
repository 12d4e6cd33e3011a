-- One alert's text and explanation. Parameters: alert id.
SELECT alert_id, markdown, explanation FROM alerts WHERE alert_id = $1
