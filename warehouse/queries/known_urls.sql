-- Which of these URLs are stored already. Parameters: list of URLs.
SELECT url FROM articles WHERE url IN (SELECT unnest($1))
