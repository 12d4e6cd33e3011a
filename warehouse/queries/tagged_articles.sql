-- Which of these articles the tagger has processed before (their tags, mentions and
-- events are replaced when they are tagged again). Parameters: list of article ids.
SELECT article_id FROM articles WHERE tagged_at IS NOT NULL
  AND article_id IN (SELECT unnest($1))
