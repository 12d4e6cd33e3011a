-- Retention: forget the fetch log (one row per poll of a feed) before the cutoff ($1).
DELETE FROM fetches WHERE fetched_at < $1;
