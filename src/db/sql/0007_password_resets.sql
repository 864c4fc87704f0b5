-- Single-use links to choose a new password, sent by email.
CREATE TABLE password_resets (
  -- The keyed hash of the link's token; the token is only in the email.
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);

CREATE INDEX password_resets_user ON password_resets (user_id, created_at);
