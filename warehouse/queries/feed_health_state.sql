-- Per feed: failures in a row, when it last succeeded and brought news, and its usual
-- rhythm (median hours between fetches that found something new).
SELECT f.feed_id, f.name, f.url, f.consecutive_failures, f.last_success_at, f.last_new_item_at,
       (SELECT x.error FROM fetches x WHERE x.feed_id = f.feed_id ORDER BY x.fetched_at DESC LIMIT 1) AS last_error,
       (SELECT x.status FROM fetches x WHERE x.feed_id = f.feed_id ORDER BY x.fetched_at DESC LIMIT 1) AS last_status,
       (SELECT min(x.fetched_at) FROM fetches x WHERE x.feed_id = f.feed_id) AS first_fetch_at,
       (SELECT median(gap) FROM (
            SELECT epoch(x.fetched_at - lag(x.fetched_at) OVER (ORDER BY x.fetched_at)) / 3600.0 AS gap
            FROM fetches x WHERE x.feed_id = f.feed_id AND x.new_items > 0)) AS rhythm_hours
FROM feeds f
