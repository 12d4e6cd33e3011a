-- Backtest: release the articles fetched up to a clock, and their events (not clustered yet).
-- Parameters: clock.
INSERT INTO articles SELECT * FROM _bt_articles WHERE fetched_at <= $1 AND article_id NOT IN (SELECT article_id FROM articles);
INSERT INTO events SELECT * REPLACE (CAST(NULL AS VARCHAR) AS cluster_id, CAST(NULL AS TIMESTAMPTZ) AS clustered_at)
FROM _bt_events WHERE article_id IN (SELECT article_id FROM articles) AND event_id NOT IN (SELECT event_id FROM events);
