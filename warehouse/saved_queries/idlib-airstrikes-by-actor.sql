-- All airstrikes in Idlib governorate in the last month, by actor
SELECT actor, count(*) AS airstrikes
FROM (SELECT unnest(actor_names) AS actor FROM v_events
      WHERE type = 'AIRSTRIKE' AND region_id = 'adm1:syr-idlib'
        AND event_date >= current_date - INTERVAL 30 DAY)
GROUP BY actor ORDER BY airstrikes DESC;
