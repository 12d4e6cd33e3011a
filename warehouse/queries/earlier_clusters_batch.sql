-- Earlier clusters of the same kind and place inside a look-back window, for a batch of
-- new clusters at once (parameters: new cluster ids, the lists of types and of place keys
-- that count as the same kind and place (newswatch.taxonomy.recurrence_types/_places), first
-- dates, as parallel lists; the look-back in days). One join instead of a lookup per cluster; the date
-- bound lets DuckDB skip row groups of older history.
WITH new AS (
    SELECT unnest($1) AS new_id, unnest($2) AS type, unnest($3) AS region_id,
           CAST(unnest($4) AS DATE) AS first_date
)
SELECT n.new_id, c.cluster_id, c.type, c.region_id, c.recurrence_key, c.first_date, c.last_date,
       c.parties, c.place_id, c.n_sources
FROM event_clusters c
JOIN new n ON list_contains(n.type, c.type) AND list_contains(n.region_id, c.region_id)
WHERE c.first_date < n.first_date
  AND c.first_date >= n.first_date - to_days(CAST($5 AS INTEGER))
  AND c.first_date >= (SELECT min(first_date) FROM new) - to_days(CAST($5 AS INTEGER))
ORDER BY n.new_id, c.first_date
