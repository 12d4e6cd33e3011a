-- Backtest: copy a warehouse's history into a throw-away one ({src} is the attached source).
-- Articles and events wait in staging tables and are released batch by batch, as a replay
-- would have stored them; feeds, entities, tags, mentions and feedback are copied whole.
INSERT INTO feeds SELECT * FROM {src}.feeds;
INSERT INTO entities SELECT * FROM {src}.entities;
INSERT INTO article_tags SELECT * FROM {src}.article_tags;
INSERT INTO mentions SELECT * FROM {src}.mentions;
INSERT INTO alert_feedback SELECT * FROM {src}.alert_feedback;
CREATE TABLE _bt_articles AS SELECT * FROM {src}.articles;
CREATE TABLE _bt_events AS SELECT * FROM {src}.events;
