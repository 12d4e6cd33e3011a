-- Alerts with every field (v_alerts plus markdown), filtered, newest first.
-- Parameters: since, until, rule, kind, severity, theatre, recurrence key (each or NULL), limit,
-- unread (only alerts with no verdict from the desk).
SELECT v.alert_id, v.created_at, v.kind, v.rule, v.severity, v.recurrence_key, v.summary,
       v.cluster_id, v.type, v.region_id, v.first_date, v.n_sources, v.deliveries,
       v.explanation, v.verdict, a.markdown
FROM v_alerts v JOIN alerts a USING (alert_id)
WHERE (CAST($1 AS TIMESTAMPTZ) IS NULL OR v.created_at >= CAST($1 AS TIMESTAMPTZ))
  AND (CAST($2 AS TIMESTAMPTZ) IS NULL OR v.created_at < CAST($2 AS TIMESTAMPTZ))
  AND (CAST($3 AS VARCHAR) IS NULL OR v.rule = CAST($3 AS VARCHAR))
  AND (CAST($4 AS VARCHAR) IS NULL OR v.kind = CAST($4 AS VARCHAR))
  AND (CAST($5 AS VARCHAR) IS NULL OR v.severity = CAST($5 AS VARCHAR))
  AND (CAST($6 AS VARCHAR) IS NULL OR EXISTS (
        SELECT 1 FROM events e JOIN article_tags t USING (article_id)
        WHERE e.cluster_id = v.cluster_id AND t.tag = CAST($6 AS VARCHAR)))
  AND (CAST($7 AS VARCHAR) IS NULL OR v.recurrence_key = CAST($7 AS VARCHAR)
       OR v.recurrence_key LIKE CAST($7 AS VARCHAR) || '|%')
  AND (NOT CAST($9 AS BOOLEAN) OR v.verdict IS NULL)
ORDER BY v.created_at DESC, v.alert_id
LIMIT CAST($8 AS BIGINT)
