-- Alerts in time order, optionally since a time, of one rule, of one kind.
-- Parameters: since or NULL, rule or NULL, kind or NULL.
SELECT alert_id, created_at, kind, rule, severity, summary FROM alerts
WHERE (CAST($1 AS TIMESTAMPTZ) IS NULL OR created_at >= CAST($1 AS TIMESTAMPTZ))
  AND (CAST($2 AS VARCHAR) IS NULL OR rule = CAST($2 AS VARCHAR))
  AND (CAST($3 AS VARCHAR) IS NULL OR kind = CAST($3 AS VARCHAR))
ORDER BY created_at, alert_id
