-- Each feed's failures, last success, last new item and last fetch outcome.
SELECT f.feed_id, f.consecutive_failures, f.last_success_at, f.last_new_item_at,
       (SELECT status || coalesce(': ' || error, '') FROM fetches x WHERE x.feed_id = f.feed_id
        ORDER BY fetched_at DESC LIMIT 1)
FROM feeds f
