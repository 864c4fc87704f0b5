-- Tokens with which an organisation's integrations call the API.
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  name TEXT NOT NULL,
  -- The role the token acts with; never owner.
  role TEXT NOT NULL,
  -- The keyed hash of the token; the token itself was shown once, at creation.
  token_hash TEXT NOT NULL UNIQUE,
  -- The token's first characters, so people can tell their tokens apart.
  prefix TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);

CREATE INDEX api_tokens_org ON api_tokens (org_id);
