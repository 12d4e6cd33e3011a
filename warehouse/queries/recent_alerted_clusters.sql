-- Clusters a rule already alerted on with the same type and place key near a date
-- (parameters: rule, type, region_id, date, window in days): for the rule's cooldown.
SELECT c.cluster_id, c.type, c.region_id, c.first_date, c.parties,
       (SELECT min(e.event_date) FROM events e
        WHERE e.cluster_id = c.cluster_id AND e.date_precision = 'day') AS day_date
FROM alerts a
JOIN event_clusters c ON c.cluster_id = a.cluster_id
WHERE a.rule = $1 AND c.type = $2 AND c.region_id = $3
  AND c.first_date BETWEEN $4 - to_days(CAST($5 AS INTEGER)) AND $4 + to_days(CAST($5 AS INTEGER))
