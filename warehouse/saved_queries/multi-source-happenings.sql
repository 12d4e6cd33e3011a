-- Happenings reported by at least two independent outlets, newest first
SELECT first_date, type, region_name, place_name, n_sources, party_names
FROM v_event_clusters
WHERE n_sources >= 2
ORDER BY first_date DESC;
