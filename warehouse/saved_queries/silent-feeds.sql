-- Feeds that went silent (nothing new for two days, or failing)
SELECT name, url, last_status, consecutive_failures, last_new_item_at
FROM v_feed_health
WHERE consecutive_failures > 0 OR last_new_item_at IS NULL
   OR last_new_item_at < now() - INTERVAL 2 DAY
ORDER BY consecutive_failures DESC, last_new_item_at NULLS FIRST;
