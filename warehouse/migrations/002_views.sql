-- 002: analyst views. Their names and columns are part of the interface (docs/warehouse.md).

CREATE VIEW v_articles AS
SELECT a.article_id, a.url, a.title, a.source, f.name AS feed_name, a.published_at, a.language,
       a.extraction, a.copy_of IS NOT NULL AS is_copy, a.copy_of,
       coalesce((SELECT list(t.tag ORDER BY t.tag) FROM article_tags t
                 WHERE t.article_id = a.article_id
                   AND t.tag IN ('syria', 'libya', 'turkey-russia-iran')), []) AS theatres,
       coalesce((SELECT list({'tag': t.tag, 'score': t.score} ORDER BY t.score DESC) FROM article_tags t
                 WHERE t.article_id = a.article_id), []) AS tags,
       length(a.text) AS text_chars
FROM articles a
LEFT JOIN feeds f USING (feed_id);
COMMENT ON VIEW v_articles IS 'Articles with their theatre tags, all tags with scores, source and feed.';
COMMENT ON COLUMN v_articles.article_id IS 'articles.article_id';
COMMENT ON COLUMN v_articles.url IS 'Normalised URL.';
COMMENT ON COLUMN v_articles.title IS 'Headline.';
COMMENT ON COLUMN v_articles.source IS 'Outlet (site name or host).';
COMMENT ON COLUMN v_articles.feed_name IS 'Feed the article was first seen in.';
COMMENT ON COLUMN v_articles.published_at IS 'Publication time.';
COMMENT ON COLUMN v_articles.language IS 'Language code.';
COMMENT ON COLUMN v_articles.extraction IS 'Where the text came from (trafilatura, feed_content, feed_summary, title_only).';
COMMENT ON COLUMN v_articles.is_copy IS 'True for a copy of an earlier article (never an independent source).';
COMMENT ON COLUMN v_articles.copy_of IS 'The article this one copies.';
COMMENT ON COLUMN v_articles.theatres IS 'Theatre tags: syria, libya, turkey-russia-iran.';
COMMENT ON COLUMN v_articles.tags IS 'All tags (theatres and countries) with scores, best first.';
COMMENT ON COLUMN v_articles.text_chars IS 'Length of the text in characters.';

CREATE VIEW v_events AS
SELECT e.event_id, e.type, e.status, e.event_date, e.date_precision, e.confidence, e.mediation,
       e.actors,
       (SELECT list(coalesce(n.name, u.id)) FROM unnest(e.actors) AS u(id)
        LEFT JOIN entities n ON n.entity_id = u.id) AS actor_names,
       e.targets,
       (SELECT list(coalesce(n.name, u.id)) FROM unnest(e.targets) AS u(id)
        LEFT JOIN entities n ON n.entity_id = u.id) AS target_names,
       e.parties,
       e.place_id, p.name AS place_name, e.region_id, r.name AS region_name, e.country,
       e.sentence, e.trigger, e.recurrence_key, e.cluster_id,
       a.article_id, a.title AS article_title, a.url AS article_url, a.source, a.published_at,
       a.copy_of IS NOT NULL AS from_copy
FROM events e
JOIN articles a USING (article_id)
LEFT JOIN entities p ON p.entity_id = e.place_id
LEFT JOIN entities r ON r.entity_id = e.region_id;
COMMENT ON VIEW v_events IS 'Events with the names of actors, targets, place and region, and the article they came from.';
COMMENT ON COLUMN v_events.event_id IS 'events.event_id';
COMMENT ON COLUMN v_events.type IS 'Event type (taxonomy).';
COMMENT ON COLUMN v_events.status IS 'reported, announced, postponed, denied, hypothetical.';
COMMENT ON COLUMN v_events.event_date IS 'Date of the event.';
COMMENT ON COLUMN v_events.date_precision IS 'day, week, month, year or article.';
COMMENT ON COLUMN v_events.confidence IS 'Tagger confidence in [0, 1].';
COMMENT ON COLUMN v_events.mediation IS 'A mediated meeting.';
COMMENT ON COLUMN v_events.actors IS 'Actor entity ids.';
COMMENT ON COLUMN v_events.actor_names IS 'Actor names.';
COMMENT ON COLUMN v_events.targets IS 'Target entity ids.';
COMMENT ON COLUMN v_events.target_names IS 'Target names.';
COMMENT ON COLUMN v_events.parties IS 'Actors and targets mapped to states or groups.';
COMMENT ON COLUMN v_events.place_id IS 'Place entity id.';
COMMENT ON COLUMN v_events.place_name IS 'Place name.';
COMMENT ON COLUMN v_events.region_id IS 'Place key: road, ADM1 region or state.';
COMMENT ON COLUMN v_events.region_name IS 'Name of the road, region or state.';
COMMENT ON COLUMN v_events.country IS 'ISO3 country of the place.';
COMMENT ON COLUMN v_events.sentence IS 'Source sentence.';
COMMENT ON COLUMN v_events.trigger IS 'Trigger words.';
COMMENT ON COLUMN v_events.recurrence_key IS 'TYPE|PLACEKEY|PARTIES.';
COMMENT ON COLUMN v_events.cluster_id IS 'Event cluster (one real-world happening).';
COMMENT ON COLUMN v_events.article_id IS 'Article id.';
COMMENT ON COLUMN v_events.article_title IS 'Article headline.';
COMMENT ON COLUMN v_events.article_url IS 'Article URL.';
COMMENT ON COLUMN v_events.source IS 'Outlet.';
COMMENT ON COLUMN v_events.published_at IS 'Article publication time.';
COMMENT ON COLUMN v_events.from_copy IS 'The article is a copy of another.';

CREATE VIEW v_event_clusters AS
SELECT c.cluster_id, c.type, c.region_id, r.name AS region_name, c.place_id, p.name AS place_name,
       c.recurrence_key, c.first_date, c.last_date, c.first_seen_at, c.last_seen_at,
       c.n_events, c.n_articles, c.n_sources, c.parties,
       (SELECT list(coalesce(n.name, u.id)) FROM unnest(c.parties) AS u(id)
        LEFT JOIN entities n ON n.entity_id = u.id) AS party_names,
       EXISTS (SELECT 1 FROM alerts al WHERE al.cluster_id = c.cluster_id) AS alerted
FROM event_clusters c
LEFT JOIN entities r ON r.entity_id = c.region_id
LEFT JOIN entities p ON p.entity_id = c.place_id;
COMMENT ON VIEW v_event_clusters IS 'Real-world happenings: first/last seen, articles and independent sources.';
COMMENT ON COLUMN v_event_clusters.cluster_id IS 'Cluster id.';
COMMENT ON COLUMN v_event_clusters.type IS 'Event type.';
COMMENT ON COLUMN v_event_clusters.region_id IS 'Place key.';
COMMENT ON COLUMN v_event_clusters.region_name IS 'Name of the place key.';
COMMENT ON COLUMN v_event_clusters.place_id IS 'Place of the first report.';
COMMENT ON COLUMN v_event_clusters.place_name IS 'Its name.';
COMMENT ON COLUMN v_event_clusters.recurrence_key IS 'TYPE|PLACEKEY|PARTIES.';
COMMENT ON COLUMN v_event_clusters.first_date IS 'First event date.';
COMMENT ON COLUMN v_event_clusters.last_date IS 'Last event date.';
COMMENT ON COLUMN v_event_clusters.first_seen_at IS 'First report published.';
COMMENT ON COLUMN v_event_clusters.last_seen_at IS 'Latest report published.';
COMMENT ON COLUMN v_event_clusters.n_events IS 'Events in the cluster.';
COMMENT ON COLUMN v_event_clusters.n_articles IS 'Articles (copies excluded).';
COMMENT ON COLUMN v_event_clusters.n_sources IS 'Independent sources (distinct outlets, copies excluded).';
COMMENT ON COLUMN v_event_clusters.parties IS 'Party ids.';
COMMENT ON COLUMN v_event_clusters.party_names IS 'Party names.';
COMMENT ON COLUMN v_event_clusters.alerted IS 'Whether an alert names this cluster.';

CREATE VIEW v_recurrences AS
SELECT a.alert_id, a.rule, a.created_at, a.cluster_id, c.type, c.region_id, c.first_date,
       c.recurrence_key, e->>'cluster_id' AS earlier_cluster_id,
       CAST(e->>'date' AS DATE) AS earlier_date,
       c.first_date - CAST(e->>'date' AS DATE) AS days_between,
       e->>'place' AS earlier_place,
       CAST(e->>'n_sources' AS INTEGER) AS earlier_sources
FROM alerts a
JOIN event_clusters c ON c.cluster_id = a.cluster_id,
     unnest(CAST(a.explanation->'earlier' AS JSON[])) AS u(e)
WHERE a.kind = 'recurrence';
COMMENT ON VIEW v_recurrences IS 'Each recurrence alert with each of its earlier occurrences (one row per pair).';
COMMENT ON COLUMN v_recurrences.alert_id IS 'The alert.';
COMMENT ON COLUMN v_recurrences.rule IS 'Rule that fired.';
COMMENT ON COLUMN v_recurrences.created_at IS 'When the alert was raised.';
COMMENT ON COLUMN v_recurrences.cluster_id IS 'The new cluster.';
COMMENT ON COLUMN v_recurrences.type IS 'Event type.';
COMMENT ON COLUMN v_recurrences.region_id IS 'Place key.';
COMMENT ON COLUMN v_recurrences.first_date IS 'Date of the new occurrence.';
COMMENT ON COLUMN v_recurrences.recurrence_key IS 'Key of the new cluster.';
COMMENT ON COLUMN v_recurrences.earlier_cluster_id IS 'An earlier occurrence.';
COMMENT ON COLUMN v_recurrences.earlier_date IS 'Its date.';
COMMENT ON COLUMN v_recurrences.days_between IS 'Days from the earlier to the new occurrence.';
COMMENT ON COLUMN v_recurrences.earlier_place IS 'Where the earlier one happened.';
COMMENT ON COLUMN v_recurrences.earlier_sources IS 'Independent sources of the earlier one.';

CREATE VIEW v_alerts AS
SELECT a.alert_id, a.created_at, a.kind, a.rule, a.severity, a.summary, a.cluster_id,
       a.recurrence_key, c.type, c.region_id, c.first_date, c.n_sources,
       coalesce((SELECT list({'channel': d.channel, 'status': d.status, 'attempts': d.attempts}
                             ORDER BY d.channel)
                 FROM deliveries d WHERE d.alert_id = a.alert_id), []) AS deliveries,
       a.explanation
FROM alerts a
LEFT JOIN event_clusters c ON c.cluster_id = a.cluster_id;
COMMENT ON VIEW v_alerts IS 'Alerts with their cluster and delivery status per channel.';
COMMENT ON COLUMN v_alerts.alert_id IS 'Alert id.';
COMMENT ON COLUMN v_alerts.created_at IS 'When raised.';
COMMENT ON COLUMN v_alerts.kind IS 'recurrence, burst, first_seen, meeting, feed_health.';
COMMENT ON COLUMN v_alerts.rule IS 'Rule name.';
COMMENT ON COLUMN v_alerts.severity IS 'Severity.';
COMMENT ON COLUMN v_alerts.summary IS 'One-line summary.';
COMMENT ON COLUMN v_alerts.cluster_id IS 'Triggering cluster (NULL if none).';
COMMENT ON COLUMN v_alerts.recurrence_key IS 'Matched key.';
COMMENT ON COLUMN v_alerts.type IS 'Event type of the cluster.';
COMMENT ON COLUMN v_alerts.region_id IS 'Place key of the cluster.';
COMMENT ON COLUMN v_alerts.first_date IS 'Date of the cluster.';
COMMENT ON COLUMN v_alerts.n_sources IS 'Independent sources of the cluster.';
COMMENT ON COLUMN v_alerts.deliveries IS 'Per channel: status and attempts.';
COMMENT ON COLUMN v_alerts.explanation IS 'Structured explanation (JSON).';

CREATE VIEW v_feed_health AS
SELECT f.feed_id, f.name, f.url, f.consecutive_failures, f.last_success_at, f.last_new_item_at,
       f.poll_interval_s, f.next_poll_at,
       (SELECT x.status FROM fetches x WHERE x.feed_id = f.feed_id ORDER BY x.fetched_at DESC LIMIT 1) AS last_status,
       (SELECT x.error FROM fetches x WHERE x.feed_id = f.feed_id ORDER BY x.fetched_at DESC LIMIT 1) AS last_error,
       (SELECT max(x.fetched_at) FROM fetches x WHERE x.feed_id = f.feed_id) AS last_fetched_at,
       (SELECT count(*) FROM fetches x WHERE x.feed_id = f.feed_id) AS fetches,
       (SELECT count(*) FILTER (WHERE x.status NOT IN ('ok', 'not_modified')) FROM fetches x
        WHERE x.feed_id = f.feed_id) AS failed_fetches,
       (SELECT coalesce(sum(x.new_items), 0) FROM fetches x WHERE x.feed_id = f.feed_id) AS new_items,
       (SELECT count(*) FROM articles a WHERE a.feed_id = f.feed_id) AS articles
FROM feeds f;
COMMENT ON VIEW v_feed_health IS 'One row per feed: last fetch, failures in a row, when it last brought something new.';
COMMENT ON COLUMN v_feed_health.feed_id IS 'Feed id.';
COMMENT ON COLUMN v_feed_health.name IS 'Feed name.';
COMMENT ON COLUMN v_feed_health.url IS 'Feed URL.';
COMMENT ON COLUMN v_feed_health.consecutive_failures IS 'Failed fetches in a row.';
COMMENT ON COLUMN v_feed_health.last_success_at IS 'Last successful fetch.';
COMMENT ON COLUMN v_feed_health.last_new_item_at IS 'Last time a fetch found something new.';
COMMENT ON COLUMN v_feed_health.poll_interval_s IS 'Current polling interval (s).';
COMMENT ON COLUMN v_feed_health.next_poll_at IS 'When next due.';
COMMENT ON COLUMN v_feed_health.last_status IS 'Status of the last fetch.';
COMMENT ON COLUMN v_feed_health.last_error IS 'Error of the last fetch.';
COMMENT ON COLUMN v_feed_health.last_fetched_at IS 'Time of the last fetch.';
COMMENT ON COLUMN v_feed_health.fetches IS 'Fetches recorded.';
COMMENT ON COLUMN v_feed_health.failed_fetches IS 'Failed fetches recorded.';
COMMENT ON COLUMN v_feed_health.new_items IS 'New items found over all fetches.';
COMMENT ON COLUMN v_feed_health.articles IS 'Articles first seen in this feed.';

CREATE VIEW v_daily_counts AS
SELECT e.event_date AS day, t.tag AS theatre, e.type,
       count(*) AS n_events, count(DISTINCT e.cluster_id) AS n_clusters,
       count(DISTINCT e.article_id) AS n_articles
FROM events e
JOIN articles a USING (article_id)
JOIN article_tags t ON t.article_id = e.article_id AND t.tag IN ('syria', 'libya', 'turkey-russia-iran')
WHERE a.copy_of IS NULL
GROUP BY ALL;
COMMENT ON VIEW v_daily_counts IS 'Events, clusters and articles per day, theatre and event type (copies excluded).';
COMMENT ON COLUMN v_daily_counts.day IS 'Event date.';
COMMENT ON COLUMN v_daily_counts.theatre IS 'Theatre tag of the article.';
COMMENT ON COLUMN v_daily_counts.type IS 'Event type.';
COMMENT ON COLUMN v_daily_counts.n_events IS 'Events.';
COMMENT ON COLUMN v_daily_counts.n_clusters IS 'Distinct clusters (happenings).';
COMMENT ON COLUMN v_daily_counts.n_articles IS 'Distinct articles.';
