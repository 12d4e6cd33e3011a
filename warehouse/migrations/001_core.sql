-- 001: the core warehouse: feeds, fetches, articles, tags, entities, mentions, events,
-- event clusters, alerts and their deliveries.
-- No FOREIGN KEY constraints: DuckDB implements UPDATE as delete+insert and rejects
-- updates of rows that other rows reference, which the pipeline needs (feeds' polling
-- state, clusters' counts). References are documented in the column comments instead.

CREATE TABLE feeds (
    feed_id VARCHAR PRIMARY KEY,
    url VARCHAR NOT NULL UNIQUE,
    name VARCHAR,
    language VARCHAR,
    tags VARCHAR[],
    etag VARCHAR,
    last_modified VARCHAR,
    poll_interval_s INTEGER NOT NULL DEFAULT 900,
    next_poll_at TIMESTAMPTZ,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_success_at TIMESTAMPTZ,
    last_new_item_at TIMESTAMPTZ,
    added_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
COMMENT ON TABLE feeds IS 'One row per feed in the feed list (seeds/feeds.yaml), with its polling state.';
COMMENT ON COLUMN feeds.feed_id IS 'Stable id: first 16 hex chars of sha1 of the feed URL.';
COMMENT ON COLUMN feeds.url IS 'Feed URL as given in the feed list.';
COMMENT ON COLUMN feeds.name IS 'Human name of the feed (outlet and section).';
COMMENT ON COLUMN feeds.language IS 'Declared language of the feed (ISO 639-1), if given.';
COMMENT ON COLUMN feeds.tags IS 'Free tags from the feed list, e.g. [syria, wire].';
COMMENT ON COLUMN feeds.etag IS 'Last ETag the server sent, replayed as If-None-Match.';
COMMENT ON COLUMN feeds.last_modified IS 'Last Last-Modified the server sent, replayed as If-Modified-Since.';
COMMENT ON COLUMN feeds.poll_interval_s IS 'Current adaptive polling interval in seconds.';
COMMENT ON COLUMN feeds.next_poll_at IS 'When the feed is next due; a cycle polls only due feeds.';
COMMENT ON COLUMN feeds.consecutive_failures IS 'Failed fetches in a row (reset by a success).';
COMMENT ON COLUMN feeds.last_success_at IS 'Time of the last successful fetch (200 or 304).';
COMMENT ON COLUMN feeds.last_new_item_at IS 'Time a fetch last found an item not seen before.';
COMMENT ON COLUMN feeds.added_at IS 'When the feed was first seen in the feed list.';

CREATE TABLE fetches (
    feed_id VARCHAR NOT NULL,
    fetched_at TIMESTAMPTZ NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('ok', 'not_modified', 'http_error', 'refused',
        'timeout', 'too_large', 'network_error', 'redirect_loop', 'parse_error')),
    http_status INTEGER,
    error VARCHAR,
    bytes BIGINT,
    duration_ms INTEGER,
    items INTEGER,
    new_items INTEGER,
    bozo VARCHAR,
    PRIMARY KEY (feed_id, fetched_at)
);
COMMENT ON TABLE fetches IS 'One row per attempt to fetch a feed: the feed health log.';
COMMENT ON COLUMN fetches.feed_id IS 'The feed fetched (feeds.feed_id).';
COMMENT ON COLUMN fetches.fetched_at IS 'When the fetch started (UTC).';
COMMENT ON COLUMN fetches.status IS 'ok, not_modified (304), or the error class: http_error, refused (address guard), timeout, too_large, network_error, redirect_loop, parse_error.';
COMMENT ON COLUMN fetches.http_status IS 'HTTP status code of the final response, if any.';
COMMENT ON COLUMN fetches.error IS 'Error message, if the fetch or the parse failed.';
COMMENT ON COLUMN fetches.bytes IS 'Size of the response body in bytes.';
COMMENT ON COLUMN fetches.duration_ms IS 'Wall time of the fetch including retries, in ms.';
COMMENT ON COLUMN fetches.items IS 'Items the feed listed.';
COMMENT ON COLUMN fetches.new_items IS 'Items not stored before.';
COMMENT ON COLUMN fetches.bozo IS 'feedparser warning for an ill-formed but readable feed.';

CREATE TABLE articles (
    article_id VARCHAR PRIMARY KEY,
    feed_id VARCHAR,
    url VARCHAR NOT NULL UNIQUE,
    url_original VARCHAR,
    source VARCHAR,
    title VARCHAR,
    text VARCHAR,
    summary VARCHAR,
    published_at TIMESTAMPTZ,
    published_raw VARCHAR,
    date_source VARCHAR,
    fetched_at TIMESTAMPTZ NOT NULL,
    author VARCHAR,
    language VARCHAR,
    extraction VARCHAR CHECK (extraction IN ('trafilatura', 'feed_content', 'feed_summary', 'title_only')),
    extraction_note VARCHAR,
    text_hash VARCHAR,
    simhash UBIGINT,
    copy_of VARCHAR,
    tagged_at TIMESTAMPTZ
);
COMMENT ON TABLE articles IS 'One row per unique article (normalised URL).';
COMMENT ON COLUMN articles.article_id IS 'Stable id: first 16 hex chars of sha1 of the normalised URL.';
COMMENT ON COLUMN articles.feed_id IS 'Feed the article was first seen in (feeds.feed_id).';
COMMENT ON COLUMN articles.url IS 'Normalised URL (lower-case host, tracking parameters removed); unique.';
COMMENT ON COLUMN articles.url_original IS 'URL exactly as the feed gave it.';
COMMENT ON COLUMN articles.source IS 'Outlet: the site name, else the URL host. Independent-source counts use it.';
COMMENT ON COLUMN articles.title IS 'Headline.';
COMMENT ON COLUMN articles.text IS 'Article text (see extraction for where it came from).';
COMMENT ON COLUMN articles.summary IS 'The feed item summary as plain text.';
COMMENT ON COLUMN articles.published_at IS 'Publication time from the feed; the fetch time if the feed gave none, clamped if in the future.';
COMMENT ON COLUMN articles.published_raw IS 'The date string exactly as the feed gave it.';
COMMENT ON COLUMN articles.date_source IS 'feed, fetch_time (no date given) or clamped (date was in the future).';
COMMENT ON COLUMN articles.fetched_at IS 'When the article was stored.';
COMMENT ON COLUMN articles.author IS 'Author from the page or the feed.';
COMMENT ON COLUMN articles.language IS 'Language (ISO 639-1) from the page, feed or detection.';
COMMENT ON COLUMN articles.extraction IS 'Where text came from: trafilatura (the page), feed_content, feed_summary, title_only.';
COMMENT ON COLUMN articles.extraction_note IS 'Why the page text was not used, when it was not.';
COMMENT ON COLUMN articles.text_hash IS 'sha1 of the normalised words of the text: equal hashes are exact copies.';
COMMENT ON COLUMN articles.simhash IS '64-bit SimHash of word 3-shingles, for near-copies.';
COMMENT ON COLUMN articles.copy_of IS 'article_id of the earlier article this one copies (exact or near); NULL for originals. Copies never count as independent sources.';
COMMENT ON COLUMN articles.tagged_at IS 'When the tagger last processed the article (NULL: pending).';

CREATE TABLE article_tags (
    article_id VARCHAR NOT NULL,
    tag VARCHAR NOT NULL,
    score DOUBLE NOT NULL,
    PRIMARY KEY (article_id, tag)
);
COMMENT ON TABLE article_tags IS 'Theatre tags (syria, libya, turkey-russia-iran) and country tags (turkey, russia, iran, ...) per article.';
COMMENT ON COLUMN article_tags.article_id IS 'articles.article_id';
COMMENT ON COLUMN article_tags.tag IS 'Theatre tag or country tag.';
COMMENT ON COLUMN article_tags.score IS 'Relevance in [0, 1]; theatre tags are stored when the article is about the theatre.';

CREATE TABLE entities (
    entity_id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL CHECK (kind IN ('person', 'org', 'armed_group', 'state', 'place', 'road')),
    name VARCHAR NOT NULL,
    country VARCHAR,
    feature VARCHAR,
    adm1 VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    role VARCHAR
);
COMMENT ON TABLE entities IS 'The gazetteer (seeds/gazetteer): people, organisations, armed groups, states, places and roads.';
COMMENT ON COLUMN entities.entity_id IS 'Stable id such as person:erdogan, org:hts, place:idlib, adm1:syr-idlib, road:m4.';
COMMENT ON COLUMN entities.kind IS 'person, org, armed_group, state, place or road.';
COMMENT ON COLUMN entities.name IS 'Canonical English name.';
COMMENT ON COLUMN entities.country IS 'ISO 3166-1 alpha-3 code, NULL for international bodies.';
COMMENT ON COLUMN entities.feature IS 'For places: adm1, capital, city, town, village, base, crossing, ...';
COMMENT ON COLUMN entities.adm1 IS 'For places: entity_id of the first-level region (e.g. adm1:syr-idlib).';
COMMENT ON COLUMN entities.lat IS 'Latitude (WGS84) for places.';
COMMENT ON COLUMN entities.lon IS 'Longitude (WGS84) for places.';
COMMENT ON COLUMN entities.role IS 'For people: their office, e.g. Foreign Minister of Turkey (2015-2023).';

CREATE TABLE mentions (
    article_id VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    count INTEGER NOT NULL,
    in_title BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (article_id, entity_id)
);
COMMENT ON TABLE mentions IS 'Which gazetteer entities each article mentions.';
COMMENT ON COLUMN mentions.article_id IS 'articles.article_id';
COMMENT ON COLUMN mentions.entity_id IS 'entities.entity_id';
COMMENT ON COLUMN mentions.count IS 'Number of mentions in title and text.';
COMMENT ON COLUMN mentions.in_title IS 'Whether the headline mentions it.';

CREATE TABLE event_clusters (
    cluster_id VARCHAR PRIMARY KEY,
    type VARCHAR NOT NULL,
    region_id VARCHAR,
    recurrence_key VARCHAR NOT NULL,
    first_date DATE NOT NULL,
    last_date DATE NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    n_events INTEGER NOT NULL,
    n_articles INTEGER NOT NULL,
    n_sources INTEGER NOT NULL,
    parties VARCHAR[],
    place_id VARCHAR,
    lat DOUBLE,
    lon DOUBLE
);
COMMENT ON TABLE event_clusters IS 'One row per real-world happening: events from different articles that report the same thing.';
COMMENT ON COLUMN event_clusters.cluster_id IS 'Stable id: derived from the first event of the cluster.';
COMMENT ON COLUMN event_clusters.type IS 'Event type (taxonomy), e.g. BOMBING.';
COMMENT ON COLUMN event_clusters.region_id IS 'Place key: road id for a corridor (road:m4), else ADM1 id, else the country''s state id.';
COMMENT ON COLUMN event_clusters.recurrence_key IS 'TYPE|PLACEKEY|PARTIES: clusters with equal keys on different days are recurrences.';
COMMENT ON COLUMN event_clusters.first_date IS 'Earliest event date in the cluster.';
COMMENT ON COLUMN event_clusters.last_date IS 'Latest event date in the cluster.';
COMMENT ON COLUMN event_clusters.first_seen_at IS 'Publication time of the first article reporting it.';
COMMENT ON COLUMN event_clusters.last_seen_at IS 'Publication time of the latest article reporting it.';
COMMENT ON COLUMN event_clusters.n_events IS 'Events (sentences) joined into the cluster.';
COMMENT ON COLUMN event_clusters.n_articles IS 'Distinct articles, copies excluded.';
COMMENT ON COLUMN event_clusters.n_sources IS 'Distinct outlets (articles.source), copies excluded: the number of independent sources.';
COMMENT ON COLUMN event_clusters.parties IS 'Main parties (actors and targets mapped to states or groups), sorted.';
COMMENT ON COLUMN event_clusters.place_id IS 'Place of the first event (entities.entity_id).';
COMMENT ON COLUMN event_clusters.lat IS 'Latitude of that place, for distance checks.';
COMMENT ON COLUMN event_clusters.lon IS 'Longitude of that place.';

CREATE TABLE events (
    event_id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL CHECK (type IN ('AIRSTRIKE', 'SHELLING', 'BOMBING', 'ARMED_CLASH',
        'TERRITORY_CHANGE', 'SHOOTDOWN', 'KILLING', 'MIL_DEPLOYMENT', 'JOINT_PATROL', 'MEETING',
        'MEETING_POSTPONED', 'CEASEFIRE', 'AGREEMENT', 'SANCTION', 'ACCUSATION', 'THREAT')),
    actors VARCHAR[] NOT NULL,
    targets VARCHAR[] NOT NULL,
    place_id VARCHAR,
    region_id VARCHAR,
    country VARCHAR,
    event_date DATE NOT NULL,
    date_precision VARCHAR NOT NULL CHECK (date_precision IN ('day', 'week', 'month', 'year', 'article')),
    status VARCHAR NOT NULL CHECK (status IN ('reported', 'announced', 'postponed', 'denied', 'hypothetical')),
    mediation BOOLEAN NOT NULL DEFAULT false,
    sentence VARCHAR NOT NULL,
    trigger VARCHAR,
    confidence DOUBLE NOT NULL,
    recurrence_key VARCHAR NOT NULL,
    parties VARCHAR[] NOT NULL,
    cluster_id VARCHAR,
    clustered_at TIMESTAMPTZ
);
COMMENT ON TABLE events IS 'One row per event the tagger found in an article sentence.';
COMMENT ON COLUMN events.event_id IS 'Stable id from article, type, sentence and place.';
COMMENT ON COLUMN events.article_id IS 'articles.article_id';
COMMENT ON COLUMN events.type IS 'Event type from the taxonomy (AIRSTRIKE, BOMBING, MEETING_POSTPONED, ...).';
COMMENT ON COLUMN events.actors IS 'Who did it: entity ids.';
COMMENT ON COLUMN events.targets IS 'To whom: entity ids.';
COMMENT ON COLUMN events.place_id IS 'Where: entity id of a place or road.';
COMMENT ON COLUMN events.region_id IS 'Place key used for clustering: road id, else ADM1 id, else state id.';
COMMENT ON COLUMN events.country IS 'ISO3 country of the place.';
COMMENT ON COLUMN events.event_date IS 'Date the text gives, else the article date.';
COMMENT ON COLUMN events.date_precision IS 'day (explicit or weekday), week, month, year, or article (fell back to publication date).';
COMMENT ON COLUMN events.status IS 'reported, announced, postponed, denied or hypothetical.';
COMMENT ON COLUMN events.mediation IS 'For MEETING: a third party mediates.';
COMMENT ON COLUMN events.sentence IS 'The sentence the event came from.';
COMMENT ON COLUMN events.trigger IS 'The words that triggered the event type.';
COMMENT ON COLUMN events.confidence IS 'Tagger confidence in [0, 1].';
COMMENT ON COLUMN events.recurrence_key IS 'TYPE|PLACEKEY|PARTIES (see event_clusters.recurrence_key).';
COMMENT ON COLUMN events.parties IS 'Actors and targets mapped to the states or groups they stand for, sorted.';
COMMENT ON COLUMN events.clustered_at IS 'When detection processed the event (NULL: pending).';
COMMENT ON COLUMN events.cluster_id IS 'event_clusters.cluster_id once clustered; NULL while pending or for events that never cluster (copies, denied).';

CREATE TABLE alerts (
    alert_id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL CHECK (kind IN ('recurrence', 'burst', 'first_seen', 'meeting', 'feed_health')),
    rule VARCHAR NOT NULL,
    cluster_id VARCHAR,
    recurrence_key VARCHAR,
    severity VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    summary VARCHAR NOT NULL,
    explanation JSON NOT NULL,
    markdown VARCHAR NOT NULL
);
COMMENT ON TABLE alerts IS 'Alerts raised by the rules; one row per rule and cluster (or key and window), never twice.';
COMMENT ON COLUMN alerts.alert_id IS 'Derived from rule and cluster (or key and window): re-runs cannot create a second alert.';
COMMENT ON COLUMN alerts.kind IS 'Rule kind: recurrence, burst, first_seen, meeting, feed_health.';
COMMENT ON COLUMN alerts.rule IS 'Name of the rule in seeds/alerts.yaml.';
COMMENT ON COLUMN alerts.cluster_id IS 'The event cluster that triggered the alert; NULL where no single cluster did.';
COMMENT ON COLUMN alerts.recurrence_key IS 'The key that matched.';
COMMENT ON COLUMN alerts.severity IS 'info, low, medium, high.';
COMMENT ON COLUMN alerts.created_at IS 'When the alert was raised.';
COMMENT ON COLUMN alerts.summary IS 'One-line summary.';
COMMENT ON COLUMN alerts.explanation IS 'Structured explanation: rule, key, the new event with sources, earlier occurrences with dates and links, scores.';
COMMENT ON COLUMN alerts.markdown IS 'The explanation rendered as Markdown.';

CREATE TABLE deliveries (
    alert_id VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error VARCHAR,
    next_attempt_at TIMESTAMPTZ,
    sent_at TIMESTAMPTZ,
    PRIMARY KEY (alert_id, channel)
);
COMMENT ON TABLE deliveries IS 'The outbox: one row per alert and channel, written with the alert, before anything is sent.';
COMMENT ON COLUMN deliveries.alert_id IS 'alerts.alert_id';
COMMENT ON COLUMN deliveries.channel IS 'Channel name from the rules file (terminal, file, markdown, or an Apprise channel).';
COMMENT ON COLUMN deliveries.status IS 'pending, sent, or failed (retried on later cycles).';
COMMENT ON COLUMN deliveries.attempts IS 'Delivery attempts so far.';
COMMENT ON COLUMN deliveries.last_error IS 'Last delivery error (secrets redacted).';
COMMENT ON COLUMN deliveries.next_attempt_at IS 'Earliest time of the next retry (backoff).';
COMMENT ON COLUMN deliveries.sent_at IS 'When the channel accepted it.';

CREATE INDEX events_key_idx ON events (recurrence_key);
CREATE INDEX clusters_key_idx ON event_clusters (recurrence_key, first_date);
CREATE INDEX clusters_type_region_idx ON event_clusters (type, region_id, first_date);
CREATE INDEX articles_hash_idx ON articles (text_hash);
