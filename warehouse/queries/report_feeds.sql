-- Report: feed health in [$since, $until). A feed is 'ok' when its last fetch in the window
-- succeeded (200 or 304), 'failing' when it failed, 'not polled' when it was not fetched.
WITH w AS (
    SELECT feed_id, count(*) AS fetches,
           count(*) FILTER (WHERE status NOT IN ('ok', 'not_modified')) AS failed,
           coalesce(sum(new_items), 0) AS new_items,
           arg_max(status, fetched_at) AS last_status,
           arg_max_null(error, fetched_at) AS last_error,
           max(fetched_at) AS last_fetched_at
    FROM fetches
    WHERE fetched_at >= $since AND fetched_at < $until
    GROUP BY feed_id
),
art AS (
    SELECT feed_id, count(*) AS articles FROM articles
    WHERE published_at >= $since AND published_at < $until
    GROUP BY feed_id
)
SELECT f.feed_id, f.name, f.url, f.consecutive_failures, f.last_success_at, f.last_new_item_at,
       coalesce(w.fetches, 0) AS fetches, coalesce(w.failed, 0) AS failed,
       coalesce(w.new_items, 0) AS new_items, w.last_status, w.last_error, w.last_fetched_at,
       coalesce(art.articles, 0) AS articles,
       CASE WHEN w.last_status IS NULL THEN 'not polled'
            WHEN w.last_status IN ('ok', 'not_modified') THEN 'ok'
            ELSE 'failing' END AS health
FROM feeds f
LEFT JOIN w USING (feed_id)
LEFT JOIN art USING (feed_id)
ORDER BY health = 'failing' DESC, health = 'ok' DESC, f.consecutive_failures DESC, f.name;
