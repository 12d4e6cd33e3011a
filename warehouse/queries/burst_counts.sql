-- Clusters per key (type and place key) in the current window and in the baseline windows
-- before it (parameters: window end date, window days, baseline windows). The date bounds
-- are constant expressions of the parameters, so the scan skips the row groups of older
-- history (zone maps; clusters are stored in the order they happen).
SELECT c.type, c.region_id,
       count(*) FILTER (WHERE c.first_date > CAST($1 AS DATE) - to_days(CAST($2 AS INTEGER))) AS current,
       count(*) FILTER (WHERE c.first_date <= CAST($1 AS DATE) - to_days(CAST($2 AS INTEGER))) AS baseline_total,
       list(c.cluster_id ORDER BY c.first_date)
           FILTER (WHERE c.first_date > CAST($1 AS DATE) - to_days(CAST($2 AS INTEGER))) AS current_ids
FROM event_clusters c
WHERE c.first_date > CAST($1 AS DATE) - to_days(CAST($2 AS INTEGER) * (CAST($3 AS INTEGER) + 1))
  AND c.first_date <= CAST($1 AS DATE)
GROUP BY ALL
