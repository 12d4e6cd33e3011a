-- Backtest: the events of the released articles, not clustered yet.
INSERT INTO events SELECT * REPLACE (CAST(NULL AS VARCHAR) AS cluster_id, CAST(NULL AS TIMESTAMPTZ) AS clustered_at)
FROM _bt_events WHERE article_id IN (SELECT article_id FROM articles) AND event_id NOT IN (SELECT event_id FROM events)
