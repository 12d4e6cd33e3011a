-- Report headline: what the window [$since, $until) holds. Articles by publication time
-- (copies counted apart), events and event clusters by their date ($first_day..$last_day,
-- inclusive), alerts by the time they were raised.
SELECT
    (SELECT count(*) FROM articles
     WHERE published_at >= $since AND published_at < $until) AS articles,
    (SELECT count(*) FROM articles
     WHERE published_at >= $since AND published_at < $until AND copy_of IS NOT NULL) AS copies,
    (SELECT count(*) FROM events
     WHERE event_date BETWEEN $first_day AND $last_day) AS events,
    (SELECT count(*) FROM event_clusters
     WHERE first_date BETWEEN $first_day AND $last_day) AS clusters,
    (SELECT count(*) FROM alerts
     WHERE created_at >= $since AND created_at < $until) AS alerts;
