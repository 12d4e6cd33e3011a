-- Report chart: recurrence chains. For every recurrence key with a recurrence alert raised in
-- [$since, $until): the alerted clusters, the earlier occurrences their explanations cite,
-- and the other clusters of that key dated in the window; one row per key and cluster.
WITH recent AS (
    SELECT alert_id, recurrence_key, cluster_id, explanation FROM alerts
    WHERE kind = 'recurrence' AND recurrence_key IS NOT NULL
      AND created_at >= $since AND created_at < $until
),
members AS (
    SELECT recurrence_key, cluster_id, true AS alerted FROM recent
    UNION ALL
    SELECT r.recurrence_key, u.e ->> 'cluster_id' AS cluster_id, false AS alerted
    FROM recent r, unnest(CAST(r.explanation -> 'earlier' AS JSON[])) AS u(e)
    UNION ALL
    SELECT c.recurrence_key, c.cluster_id, false AS alerted FROM event_clusters c
    WHERE c.recurrence_key IN (SELECT recurrence_key FROM recent)
      AND c.first_date BETWEEN $first_day AND $last_day
)
SELECT m.recurrence_key, c.cluster_id, c.first_date, c.type, c.n_sources,
       coalesce(p.name, c.place_id, c.region_id) AS place, bool_or(m.alerted) AS alerted
FROM members m
JOIN event_clusters c ON c.cluster_id = m.cluster_id
LEFT JOIN entities p ON p.entity_id = c.place_id
GROUP BY ALL
ORDER BY m.recurrence_key, c.first_date, c.cluster_id;
