-- Stamp events with their cluster from the registered table _assign (event_id, cluster_id);
-- events clustered earlier keep theirs.
UPDATE events SET cluster_id = _assign.cluster_id FROM _assign
WHERE events.event_id = _assign.event_id AND events.clustered_at IS NULL
