-- Events in Libya's Sirte district by type and month
SELECT date_trunc('month', event_date) AS month, type, count(DISTINCT cluster_id) AS happenings
FROM v_events WHERE region_id = 'adm1:lby-sirte'
GROUP BY ALL ORDER BY month, happenings DESC;
