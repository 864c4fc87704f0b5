-- The audit trail: who did what to which record, when and from where. Append-only.
CREATE TABLE audit_events (
  id TEXT PRIMARY KEY,
  -- The organisation whose trail holds the event.
  org_id TEXT NOT NULL REFERENCES orgs (id),
  actor_user_id TEXT,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  -- JSON with what changed; never a password, token or other secret.
  detail TEXT NOT NULL,
  remote_address TEXT NOT NULL,
  request_id TEXT NOT NULL,
  at BIGINT NOT NULL
);

CREATE INDEX audit_events_org ON audit_events (org_id, id);
