-- The channel network: directed edges from an upstream organisation to a downstream one.
CREATE TABLE relationships (
  id TEXT PRIMARY KEY,
  -- The upstream organisation, which owns the edge.
  org_id TEXT NOT NULL REFERENCES orgs (id),
  downstream_org_id TEXT NOT NULL REFERENCES orgs (id),
  -- The downstream organisation's part: distributor or reseller.
  kind TEXT NOT NULL,
  -- invited, active, declined, suspended or ended.
  status TEXT NOT NULL,
  -- A label the upstream organisation assigns.
  tier TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE INDEX relationships_upstream ON relationships (org_id, status);
CREATE INDEX relationships_downstream ON relationships (downstream_org_id, status);
-- At most one open edge between two organisations.
CREATE UNIQUE INDEX relationships_open_pair ON relationships (org_id, downstream_org_id)
  WHERE status IN ('invited', 'active', 'suspended');

-- The vendors a distributor authorises one of its resellers for.
CREATE TABLE relationship_authorizations (
  relationship_id TEXT NOT NULL REFERENCES relationships (id),
  -- The distributor, which owns the authorisation.
  org_id TEXT NOT NULL REFERENCES orgs (id),
  vendor_id TEXT NOT NULL REFERENCES orgs (id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (relationship_id, vendor_id)
);
