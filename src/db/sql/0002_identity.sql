-- Organisations, users, their memberships, sessions and failed log-ins.
CREATE TABLE orgs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- A comma-separated, sorted subset of distributor, reseller, vendor.
  kinds TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- One login per person, across every organisation the person belongs to.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  -- Lower-cased.
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  -- argon2id in libsodium's encoded form; never the password.
  password_hash TEXT NOT NULL,
  password_changed_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE memberships (
  org_id TEXT NOT NULL REFERENCES orgs (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  -- owner, admin, manager, member or viewer.
  role TEXT NOT NULL,
  -- JSON: {"regions":[…],"vendors":[…],"departments":[…]}; an empty object sees everything.
  scopes TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, user_id)
);

CREATE INDEX memberships_user ON memberships (user_id);

-- A session is known by the BLAKE2b hash of its token: the token lives only in the cookie.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  org_id TEXT NOT NULL REFERENCES orgs (id),
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  remote_address TEXT NOT NULL,
  user_agent TEXT NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);

-- Failed log-ins, for throttling by account and by address.
CREATE TABLE login_failures (
  email TEXT NOT NULL,
  remote_address TEXT NOT NULL,
  at BIGINT NOT NULL
);

CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_address ON login_failures (remote_address, at);
