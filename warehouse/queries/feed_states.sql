-- Polling state of the given feeds (parameter: list of feed ids).
SELECT feed_id, etag, last_modified, poll_interval_s, next_poll_at, consecutive_failures,
       last_success_at, last_new_item_at
FROM feeds
WHERE feed_id IN (SELECT unnest($1))
