-- Inviting an organisation that is not registered yet: the inviter sets one up, named by the
-- invitee's email and without members, and the invitee takes it over at sign-up.
ALTER TABLE orgs ADD COLUMN invited_email TEXT;
CREATE UNIQUE INDEX orgs_invited_email ON orgs (invited_email);

-- The emailed links that let an invitee sign up into the organisation set up for it.
CREATE TABLE network_invitations (
  id TEXT PRIMARY KEY,
  -- The inviting (upstream) organisation, which owns the invitation.
  org_id TEXT NOT NULL REFERENCES orgs (id),
  -- The organisation set up for the invitee.
  invitee_org_id TEXT NOT NULL REFERENCES orgs (id),
  relationship_id TEXT NOT NULL REFERENCES relationships (id),
  email TEXT NOT NULL,
  -- The keyed hash of the link's token; the token is only in the email.
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  used_by TEXT REFERENCES users (id)
);

CREATE INDEX network_invitations_org ON network_invitations (org_id);
