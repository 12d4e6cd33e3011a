-- The latest confirm/dismiss of each alert with the alert's time and kind, for feedback
-- precision by week.
SELECT f.alert_id, f.action, f.reason, f.created_at, a.created_at AS alert_created_at, a.kind, a.rule,
       a.happened_on
FROM alert_feedback f JOIN alerts a USING (alert_id)
WHERE f.action IN ('confirm', 'dismiss')
QUALIFY row_number() OVER (PARTITION BY f.alert_id ORDER BY f.created_at DESC, f.feedback_id DESC) = 1
ORDER BY a.created_at
