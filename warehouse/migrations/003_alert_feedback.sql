-- 003: analyst feedback on alerts (confirm, dismiss, mute a key), and when each alert's
-- happening took place (an alert older than a channel's max_age is recorded, never sent).

CREATE TABLE alert_feedback (
    feedback_id VARCHAR PRIMARY KEY,
    action VARCHAR NOT NULL CHECK (action IN ('confirm', 'dismiss', 'mute')),
    alert_id VARCHAR,
    mute_key VARCHAR,
    reason VARCHAR,
    analyst VARCHAR,
    created_at TIMESTAMPTZ NOT NULL,
    muted_until TIMESTAMPTZ,
    CHECK ((action = 'mute') = (mute_key IS NOT NULL AND alert_id IS NULL))
);
COMMENT ON TABLE alert_feedback IS 'What the desk said about alerts: confirm or dismiss one alert, or mute a key for some days. The latest confirm/dismiss of an alert is its verdict.';
COMMENT ON COLUMN alert_feedback.feedback_id IS 'Derived from action, target and time.';
COMMENT ON COLUMN alert_feedback.action IS 'confirm (a true alert), dismiss (a false or useless one), mute (no alert for a key until muted_until).';
COMMENT ON COLUMN alert_feedback.alert_id IS 'alerts.alert_id for confirm and dismiss; NULL for mute.';
COMMENT ON COLUMN alert_feedback.mute_key IS 'For mute: a recurrence key or its leading parts (AIRSTRIKE|adm1:syr-idlib), or a rule name.';
COMMENT ON COLUMN alert_feedback.reason IS 'Why, in the analyst''s words.';
COMMENT ON COLUMN alert_feedback.analyst IS 'Who gave the feedback (the login name when not given).';
COMMENT ON COLUMN alert_feedback.created_at IS 'When the feedback was given (for mute: when the mute begins).';
COMMENT ON COLUMN alert_feedback.muted_until IS 'For mute: when the mute ends.';

ALTER TABLE alerts ADD COLUMN happened_on DATE;
COMMENT ON COLUMN alerts.happened_on IS 'Date of the happening behind the alert (cluster first date, burst window end, feed outage day); channels do not send alerts older than their max_age.';
