-- Stamp articles as tagged. Parameters: tagged_at, list of article ids.
UPDATE articles SET tagged_at = $1 WHERE article_id IN (SELECT unnest($2))
