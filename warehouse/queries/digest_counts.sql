-- Digest: articles stored, feed fetches and failed fetches in a period. Parameters: since, until.
SELECT (SELECT count(*) FROM articles WHERE fetched_at > $1 AND fetched_at <= $2) AS articles,
       (SELECT count(*) FROM fetches WHERE fetched_at > $1 AND fetched_at <= $2) AS fetches,
       (SELECT count(*) FROM fetches WHERE fetched_at > $1 AND fetched_at <= $2
          AND status NOT IN ('ok', 'not_modified')) AS failed_fetches
