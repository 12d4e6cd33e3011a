-- Meetings with a mediator, and who took part
SELECT event_date, place_name, actor_names, article_title
FROM v_events WHERE type = 'MEETING' AND mediation ORDER BY event_date;
