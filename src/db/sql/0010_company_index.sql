-- Companies indexed for matching, per organisation: a vendor's deal registrations and its
-- direct-sales pipeline are compared with each other when a partner registers a deal. Each
-- record is kept reduced to what the matcher compares (src/matching/), with the keys that find
-- it.
CREATE TABLE company_index (
  -- The organisation whose records are compared with each other.
  org_id TEXT NOT NULL REFERENCES orgs (id),
  -- What the record is ("deal", "direct_opportunity") and its id.
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  -- The identifying words of the company name, separated by spaces.
  tokens TEXT NOT NULL,
  consonants TEXT NOT NULL,
  abjad INTEGER NOT NULL,
  domain TEXT NOT NULL,
  country TEXT NOT NULL,
  PRIMARY KEY (org_id, record_type, record_id)
);

CREATE TABLE company_index_keys (
  org_id TEXT NOT NULL REFERENCES orgs (id),
  key TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  PRIMARY KEY (org_id, key, record_type, record_id)
);
