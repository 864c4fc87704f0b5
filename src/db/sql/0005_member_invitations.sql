-- Invitations to join an organisation's team, sent by email with a single-use link.
CREATE TABLE member_invitations (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  email TEXT NOT NULL,
  role TEXT NOT NULL,
  scopes TEXT NOT NULL,
  -- The keyed hash of the link's token; the token is only in the email.
  token_hash TEXT NOT NULL UNIQUE,
  -- pending, accepted or revoked.
  status TEXT NOT NULL,
  invited_by TEXT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  accepted_by TEXT REFERENCES users (id)
);

CREATE INDEX member_invitations_org ON member_invitations (org_id, status);
