-- Backtest: the simulated clocks, one per day of stored fetches (the end of the day, as a
-- replay with one-day batches uses), oldest first.
SELECT DISTINCT CAST(date_trunc('day', fetched_at) AS TIMESTAMPTZ)
       + CASE WHEN fetched_at = date_trunc('day', fetched_at) THEN INTERVAL 0 DAY ELSE INTERVAL 1 DAY END AS clock
FROM _bt_articles ORDER BY clock
