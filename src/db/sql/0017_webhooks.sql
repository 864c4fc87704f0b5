-- Outbound webhooks (src/integrations/): the endpoints an organisation sends its changes to, one
-- delivery per event and endpoint, and one row per attempt at a delivery. Every row belongs to
-- one organisation and is read only by that organisation's members.

-- An organisation's own system (its CRM) that receives events. The signing secret is not
-- stored: it is derived from the server's key, the endpoint id and secret_version.
CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  -- http:// or https://, checked against private addresses when set and at every send.
  url TEXT NOT NULL,
  description TEXT NOT NULL,
  -- "*" for every kind, or a comma-separated, sorted list such as lead.created,lead.updated.
  events TEXT NOT NULL,
  -- 1 when events are sent to it, 0 when paused.
  active INTEGER NOT NULL,
  -- Raised by each rotation; the secret in use is derived from it.
  secret_version INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE INDEX webhook_endpoints_org ON webhook_endpoints (org_id, id);

-- One event to one endpoint: the JSON body exactly as sent, and where its sending stands.
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event_id TEXT NOT NULL,
  event_kind TEXT NOT NULL,
  body TEXT NOT NULL,
  -- pending, delivered or failed.
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  -- The HTTP status of the last attempt; NULL before the first or when no answer came.
  last_status INTEGER,
  last_error TEXT NOT NULL,
  -- When the next attempt is due; NULL once delivered or failed.
  next_attempt_at BIGINT,
  delivered_at BIGINT,
  failed_at BIGINT,
  created_at BIGINT NOT NULL
);

-- Publishing one event twice makes one delivery per endpoint.
CREATE UNIQUE INDEX webhook_deliveries_event ON webhook_deliveries (endpoint_id, event_id);
-- An endpoint's deliveries, newest first.
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (org_id, endpoint_id, id);

-- One attempt at a delivery: when, the answer's status (NULL when none came), the error, how
-- long it took and the first bytes of the answer.
CREATE TABLE webhook_attempts (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempted_at BIGINT NOT NULL,
  status_code INTEGER,
  error TEXT NOT NULL,
  duration_ms BIGINT NOT NULL,
  response_excerpt TEXT NOT NULL
);

CREATE INDEX webhook_attempts_delivery ON webhook_attempts (org_id, delivery_id, id);
