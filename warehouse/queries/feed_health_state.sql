-- Per feed: failures in a row, when it last succeeded and brought news, and its usual
-- rhythm (median hours between fetches that found something new). One pass over the fetch
-- log per question instead of four correlated look-ups per feed; the log's length is bounded
-- by retention (`newswatch vacuum` forgets fetches older than its cutoff).
WITH latest AS (
    SELECT feed_id, arg_max_null(error, fetched_at) AS last_error,
           arg_max_null(status, fetched_at) AS last_status, min(fetched_at) AS first_fetch_at
    FROM fetches
    GROUP BY feed_id
), rhythm AS (
    SELECT feed_id, median(gap) AS rhythm_hours
    FROM (
        SELECT feed_id,
               epoch(fetched_at - lag(fetched_at) OVER (PARTITION BY feed_id ORDER BY fetched_at)) / 3600.0 AS gap
        FROM fetches WHERE new_items > 0
    )
    GROUP BY feed_id
)
SELECT f.feed_id, f.name, f.url, f.consecutive_failures, f.last_success_at, f.last_new_item_at,
       l.last_error, l.last_status, l.first_fetch_at, r.rhythm_hours
FROM feeds f
LEFT JOIN latest l ON l.feed_id = f.feed_id
LEFT JOIN rhythm r ON r.feed_id = f.feed_id
