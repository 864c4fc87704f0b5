-- An organisation's brand, owned by it: what its portal pages and its mail look like.
CREATE TABLE org_brands (
  org_id TEXT PRIMARY KEY REFERENCES orgs (id),
  primary_colour TEXT NOT NULL,
  accent_colour TEXT NOT NULL,
  sender_name TEXT NOT NULL,
  sender_email TEXT NOT NULL,
  website TEXT NOT NULL,
  postal_address TEXT NOT NULL,
  signature TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- Its logo, in the database so every server and every backup has it.
CREATE TABLE org_logos (
  org_id TEXT PRIMARY KEY REFERENCES orgs (id),
  content_type TEXT NOT NULL,
  -- The image, base64-encoded: a portable type on both engines.
  data TEXT NOT NULL,
  etag TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
