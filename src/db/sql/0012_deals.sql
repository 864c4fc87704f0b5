-- Deal registration: a partner's deals (private drafts until registered), the order of
-- registrations per vendor, conflicts found at registration, each deal's timeline, the vendor's
-- rules and its private direct-sales pipeline, and the notifications each side receives.

-- A vendor's rules for registrations made with it; a vendor without a row has the defaults.
CREATE TABLE deal_rules (
  org_id TEXT PRIMARY KEY REFERENCES orgs (id),
  protection_days INTEGER NOT NULL,
  auto_approve INTEGER NOT NULL,
  -- Auto-approval only when no conflict scores at this or more (per mille).
  auto_approve_max_score INTEGER NOT NULL,
  -- Comma-separated field names a registration must fill.
  required_fields TEXT NOT NULL,
  minimum_amount_minor BIGINT,
  minimum_amount_currency TEXT,
  precheck_enabled INTEGER NOT NULL,
  precheck_per_hour INTEGER NOT NULL,
  updated_at BIGINT NOT NULL
);

-- The last registration number and time given out per vendor: taking the next one locks the
-- row, so registrations with one vendor are numbered and timed strictly in order.
CREATE TABLE deal_sequences (
  vendor_org_id TEXT PRIMARY KEY REFERENCES orgs (id),
  last_sequence BIGINT NOT NULL,
  last_registered_at BIGINT NOT NULL
);

CREATE TABLE deals (
  id TEXT PRIMARY KEY,
  -- The partner that prepared the deal and owns it.
  org_id TEXT NOT NULL REFERENCES orgs (id),
  created_by TEXT NOT NULL,
  vendor_org_id TEXT NOT NULL REFERENCES orgs (id),
  distributor_org_id TEXT REFERENCES orgs (id),
  -- draft, submitted, info_requested, approved, rejected, won, lost, expired, withdrawn.
  status TEXT NOT NULL,
  -- Whose review a submitted or info_requested deal awaits: distributor or vendor.
  review_by TEXT,
  -- Set the first time the deal reaches the vendor's review.
  reached_vendor_at BIGINT,
  sequence BIGINT,
  registered_at BIGINT,
  customer_company TEXT NOT NULL,
  customer_website TEXT NOT NULL,
  customer_country TEXT NOT NULL,
  customer_region TEXT NOT NULL,
  customer_address TEXT NOT NULL,
  contact_name TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  -- The total: NULL only on a draft that has none yet.
  amount_minor BIGINT,
  currency TEXT NOT NULL,
  -- YYYY-MM-DD, or empty.
  expected_close TEXT NOT NULL,
  -- The product lines as a JSON array.
  lines TEXT NOT NULL,
  shared_notes TEXT NOT NULL,
  -- Never leaves the partner.
  private_notes TEXT NOT NULL,
  decision_reason TEXT,
  protected_until BIGINT,
  expiry_reminded_at BIGINT,
  extension_status TEXT,
  extension_reason TEXT,
  extension_requested_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE INDEX deals_partner ON deals (org_id, id);
CREATE UNIQUE INDEX deals_vendor_order ON deals (vendor_org_id, sequence);
CREATE INDEX deals_vendor_queue ON deals (vendor_org_id, registered_at);
CREATE INDEX deals_distributor_queue ON deals (distributor_org_id, registered_at);
CREATE INDEX deals_protection ON deals (status, protected_until);

-- A possible conflict found when `deal_id` was registered or changed: an earlier registration
-- with the same vendor, or one of the vendor's direct opportunities.
CREATE TABLE deal_conflicts (
  deal_id TEXT NOT NULL REFERENCES deals (id),
  vendor_org_id TEXT NOT NULL REFERENCES orgs (id),
  -- deal or direct_opportunity.
  other_type TEXT NOT NULL,
  other_id TEXT NOT NULL,
  score_milli INTEGER NOT NULL,
  -- The reasons, one per line.
  reasons TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (deal_id, other_type, other_id)
);

CREATE INDEX deal_conflicts_other ON deal_conflicts (other_id);

-- What happened to a deal, for its timeline. Events before registration stay with the partner.
CREATE TABLE deal_events (
  id TEXT PRIMARY KEY,
  deal_id TEXT NOT NULL REFERENCES deals (id),
  -- The organisation whose side acted (the partner's for events of the system).
  org_id TEXT NOT NULL REFERENCES orgs (id),
  -- partner, distributor, vendor or system.
  side TEXT NOT NULL,
  actor_user_id TEXT,
  kind TEXT NOT NULL,
  note TEXT NOT NULL,
  shared INTEGER NOT NULL,
  at BIGINT NOT NULL
);

CREATE INDEX deal_events_deal ON deal_events (deal_id, at);

-- Opportunities the vendor's own sales team works: compared with registrations, never shown to
-- a partner.
CREATE TABLE direct_opportunities (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  company TEXT NOT NULL,
  website TEXT NOT NULL,
  country TEXT NOT NULL,
  region TEXT NOT NULL,
  amount_minor BIGINT,
  currency TEXT,
  expected_close TEXT NOT NULL,
  owner_name TEXT NOT NULL,
  external_id TEXT,
  -- open, won or lost.
  status TEXT NOT NULL,
  notes TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE INDEX direct_opportunities_org ON direct_opportunities (org_id, id);
CREATE UNIQUE INDEX direct_opportunities_external ON direct_opportunities (org_id, external_id);

-- Blind pre-checks a partner ran against a vendor, for the hourly limit.
CREATE TABLE deal_prechecks (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  vendor_org_id TEXT NOT NULL REFERENCES orgs (id),
  at BIGINT NOT NULL
);

CREATE INDEX deal_prechecks_recent ON deal_prechecks (org_id, vendor_org_id, at);

-- What an organisation's members should know about; `vendor_org_id` and `region` carry the
-- scopes of the deal it concerns, so a scoped member sees only what is inside its scopes.
CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  deal_id TEXT,
  vendor_org_id TEXT,
  region TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  read_at BIGINT
);

CREATE INDEX notifications_org ON notifications (org_id, id);
