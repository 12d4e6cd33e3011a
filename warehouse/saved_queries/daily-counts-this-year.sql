-- Events per day and theatre this year, for a chart
SELECT day, theatre, sum(n_clusters) AS happenings
FROM v_daily_counts
WHERE day >= date_trunc('year', current_date)
GROUP BY day, theatre ORDER BY day, theatre;
