-- Denied or hypothetical events (claims to watch, not facts)
SELECT event_date, type, status, actor_names, target_names, sentence
FROM v_events WHERE status IN ('denied', 'hypothetical') ORDER BY event_date DESC;
