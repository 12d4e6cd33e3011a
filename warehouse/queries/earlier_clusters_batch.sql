-- Earlier clusters of the same kind and place inside a look-back window, for a batch of
-- new clusters at once (parameters: new cluster ids, the lists of types and of place keys
-- that count as the same kind and place (newswatch.taxonomy.recurrence_types/_places), first
-- dates, as parallel lists; the look-back in days; the earliest first date minus the
-- look-back). Each new cluster's (type, place) pairs are spelled out so the join is an
-- equality (hash) join, and the constant date bound ($6) filters the scan before it: clusters
-- are stored in the order they happen, so DuckDB skips the row groups of older history (zone
-- maps) and the cost follows the clusters inside the window, not the length of history.
WITH new AS (
    SELECT unnest($1) AS new_id, unnest($2) AS types, unnest($3) AS places,
           CAST(unnest($4) AS DATE) AS first_date
), new_types AS (
    SELECT new_id, first_date, unnest(list_distinct(types)) AS type, places FROM new
), new_keys AS (
    SELECT new_id, first_date, type, unnest(list_distinct(places)) AS region_id FROM new_types
)
SELECT n.new_id, c.cluster_id, c.type, c.region_id, c.recurrence_key, c.first_date, c.last_date,
       c.parties, c.place_id, c.n_sources
FROM event_clusters c
JOIN new_keys n ON n.type = c.type AND n.region_id = c.region_id
WHERE c.first_date >= CAST($6 AS DATE)
  AND c.first_date < n.first_date
  AND c.first_date >= n.first_date - to_days(CAST($5 AS INTEGER))
ORDER BY n.new_id, c.first_date, c.cluster_id
