-- The desk's verdict on one alert (NULL when nobody has judged it). Parameters: alert id.
SELECT verdict FROM v_alerts WHERE alert_id = $1
