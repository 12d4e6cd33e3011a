-- Where the text came from (page extraction versus the feed's own text), per feed
SELECT feed_name, extraction, count(*) AS articles
FROM v_articles GROUP BY ALL ORDER BY feed_name, articles DESC;
