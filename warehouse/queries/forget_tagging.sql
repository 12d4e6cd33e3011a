-- Before re-tagging the articles in the registered table _ids: drop their tags, mentions
-- and unclustered events (events already clustered keep their cluster: re-tagging must not
-- re-alert).
DELETE FROM article_tags WHERE article_id IN (SELECT article_id FROM _ids);
DELETE FROM mentions WHERE article_id IN (SELECT article_id FROM _ids);
DELETE FROM events WHERE cluster_id IS NULL AND article_id IN (SELECT article_id FROM _ids);
