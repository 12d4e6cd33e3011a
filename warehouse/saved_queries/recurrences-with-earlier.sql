-- Each recurrence with its earlier occurrences and the days between them
SELECT first_date, type, region_id, earlier_date, days_between, earlier_place
FROM v_recurrences ORDER BY first_date DESC, earlier_date DESC;
