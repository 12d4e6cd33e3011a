-- Clusters per key (type and place key) in the current window and in the baseline windows
-- before it (parameters: window end date, window days, baseline windows).
WITH params AS (SELECT CAST($1 AS DATE) AS end_day, CAST($2 AS INTEGER) AS days, CAST($3 AS INTEGER) AS n)
SELECT c.type, c.region_id,
       count(*) FILTER (WHERE c.first_date > p.end_day - to_days(p.days)) AS current,
       count(*) FILTER (WHERE c.first_date <= p.end_day - to_days(p.days)) AS baseline_total,
       list(c.cluster_id ORDER BY c.first_date) FILTER (WHERE c.first_date > p.end_day - to_days(p.days)) AS current_ids
FROM event_clusters c, params p
WHERE c.first_date > p.end_day - to_days(p.days * (p.n + 1)) AND c.first_date <= p.end_day
GROUP BY ALL
