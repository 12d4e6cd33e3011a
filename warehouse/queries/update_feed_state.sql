-- Record a feed's polling state after a fetch.
UPDATE feeds SET
    etag = coalesce($1, etag),
    last_modified = coalesce($2, last_modified),
    poll_interval_s = $3,
    next_poll_at = $4,
    consecutive_failures = $5,
    last_success_at = coalesce($6, last_success_at),
    last_new_item_at = coalesce($7, last_new_item_at)
WHERE feed_id = $8
