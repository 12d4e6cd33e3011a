-- A channel's last accepted delivery and how many it accepted in the last hour.
-- Parameters: now, channel.
SELECT max(sent_at), count(*) FILTER (WHERE sent_at > $1 - INTERVAL 1 HOUR)
FROM deliveries WHERE channel = $2 AND status = 'sent'
