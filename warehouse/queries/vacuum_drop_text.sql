-- Retention: drop the text of articles older than the cutoff ($1). The row stays (title,
-- URL, source, dates, hashes), so events, clusters, alerts and their explanations keep
-- their article; extraction_note says what happened.
UPDATE articles
SET text = NULL,
    summary = NULL,
    extraction_note = 'text dropped by retention (newswatch vacuum)'
WHERE coalesce(published_at, fetched_at) < $1
  AND (text IS NOT NULL OR summary IS NOT NULL);
