-- Report chart: event clusters (happenings) per first date, theatre and type in the window.
-- Each cluster counts once, under the theatre its reports are most tagged with (sum of the
-- theatre scores of its events' articles); 'none' when no report carries a theatre tag.
WITH c AS (
    SELECT cluster_id, type, first_date FROM event_clusters
    WHERE first_date BETWEEN $first_day AND $last_day
),
weights AS (
    SELECT e.cluster_id, t.tag, sum(t.score) AS weight
    FROM events e
    JOIN c USING (cluster_id)
    JOIN article_tags t ON t.article_id = e.article_id
    WHERE t.tag IN ('syria', 'libya', 'turkey-russia-iran')
    GROUP BY ALL
),
theatre AS (
    SELECT cluster_id, arg_max(tag, weight) AS theatre FROM weights GROUP BY cluster_id
)
SELECT c.first_date AS day, coalesce(theatre.theatre, 'none') AS theatre, c.type, count(*) AS clusters
FROM c LEFT JOIN theatre USING (cluster_id)
GROUP BY ALL
ORDER BY day, theatre, type;
