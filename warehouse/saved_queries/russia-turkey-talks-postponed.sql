-- Days when Russia–Turkey talks were postponed
SELECT DISTINCT event_date, article_title, article_url
FROM v_events
WHERE type = 'MEETING_POSTPONED' AND list_has_all(parties, ['state:rus', 'state:tur'])
ORDER BY event_date;
