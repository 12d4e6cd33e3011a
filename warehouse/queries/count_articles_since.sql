-- Articles published since a time (backfill progress). Parameters: since.
SELECT count(*) FROM articles WHERE published_at >= $1
