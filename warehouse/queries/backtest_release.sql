-- Backtest: release the articles fetched up to a clock (parameter), with their events
-- (not clustered yet): what a replay would have stored by then.
INSERT INTO articles SELECT * FROM _bt_articles
WHERE fetched_at <= $1 AND article_id NOT IN (SELECT article_id FROM articles)
