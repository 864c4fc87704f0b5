-- Leads: each organisation's own, and those an upstream organisation (a vendor, a distributor)
-- passes down to its partners, by hand or by its routing rules, with the partner's answer due
-- within the time the sender set.

CREATE TABLE leads (
  id TEXT PRIMARY KEY,
  -- The owner: the organisation that created the lead and keeps it.
  org_id TEXT NOT NULL REFERENCES orgs (id),
  company TEXT NOT NULL,
  contact_name TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  -- ISO 3166-1 alpha-2 in upper case; the region inside it, or empty.
  country TEXT NOT NULL,
  region TEXT NOT NULL,
  -- What the customer is after, matched against partners' specialisations; or empty.
  product TEXT NOT NULL,
  -- What the owner says about the lead; a partner it is offered to reads it. Each side's own
  -- remarks are activities.
  notes TEXT NOT NULL,
  -- new, offered, unrouted, accepted, contacted, qualified, won or lost.
  status TEXT NOT NULL,
  lost_reason TEXT NOT NULL,
  -- The owner's member working the lead, or NULL.
  assigned_user_id TEXT,
  -- The registration the owner turned its own lead into, or NULL.
  deal_id TEXT,
  -- The partner the lead is offered to or accepted by now, or NULL: its members see the lead.
  holder_org_id TEXT REFERENCES orgs (id),
  source TEXT NOT NULL,
  created_by TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE INDEX leads_org ON leads (org_id, id);
CREATE INDEX leads_holder ON leads (holder_org_id, id);

-- The keys each organisation holding a lead finds its possible duplicates by (the company's
-- matching keys and the contact's address).
CREATE TABLE lead_keys (
  org_id TEXT NOT NULL REFERENCES orgs (id),
  key TEXT NOT NULL,
  lead_id TEXT NOT NULL REFERENCES leads (id),
  PRIMARY KEY (org_id, key, lead_id)
);

CREATE INDEX lead_keys_lead ON lead_keys (lead_id);

-- Each time a lead is passed to a partner: offered until the partner accepts or declines it, or
-- until the answer is overdue (lapsed) or the sender takes it back (recalled). One offer at a time
-- is open; a partner that declined or let a lead lapse is not offered it again.
CREATE TABLE lead_offers (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads (id),
  -- The sender, who owns the lead.
  org_id TEXT NOT NULL REFERENCES orgs (id),
  partner_org_id TEXT NOT NULL REFERENCES orgs (id),
  -- offered, accepted, declined, lapsed or recalled.
  state TEXT NOT NULL,
  -- manual, or the reach of the routing rule that chose the partner: region, country,
  -- subregion or continent.
  routed_by TEXT NOT NULL,
  offered_at BIGINT NOT NULL,
  answer_due_at BIGINT NOT NULL,
  answered_at BIGINT,
  -- Why the partner declined, as it told the sender.
  decline_reason TEXT NOT NULL,
  -- The partner's member working the lead: the partner's business, never shown to the sender.
  assigned_user_id TEXT,
  -- The registration the partner turned the lead into, and the vendor it went to: the sender
  -- learns of it only when it is that vendor.
  deal_id TEXT,
  deal_vendor_id TEXT,
  -- Set once the partner was told the answer is nearly due.
  reminded_at BIGINT
);

CREATE INDEX lead_offers_lead ON lead_offers (lead_id, offered_at);
CREATE INDEX lead_offers_partner ON lead_offers (partner_org_id, state);
CREATE INDEX lead_offers_due ON lead_offers (state, answer_due_at);

-- What happened on a lead, written by one organisation and read only by it: notes, calls,
-- emails, and the changes of status. The sender and the partner each keep their own.
CREATE TABLE lead_activities (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads (id),
  org_id TEXT NOT NULL REFERENCES orgs (id),
  user_id TEXT,
  -- note, call, email, status, offer, or assigned.
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE INDEX lead_activities_lead ON lead_activities (lead_id, org_id, created_at);

-- How a sender routes its leads to one of its partners: where the partner works (countries, and
-- regions inside them), what it specialises in, and how many open leads it takes at once.
CREATE TABLE lead_routing_partners (
  org_id TEXT NOT NULL REFERENCES orgs (id),
  partner_org_id TEXT NOT NULL REFERENCES orgs (id),
  -- JSON arrays of strings; empty arrays mean none (countries) or any (regions, products).
  countries TEXT NOT NULL,
  regions TEXT NOT NULL,
  products TEXT NOT NULL,
  -- At most this many leads offered or accepted and still open; 0 for no limit.
  capacity INTEGER NOT NULL,
  active INTEGER NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, partner_org_id)
);

-- A sender's routing settings: the weight of each partner tier (a JSON object of tier name to
-- weight; a tier it does not name weighs 1) and the default time a partner has to answer.
CREATE TABLE lead_routing_settings (
  org_id TEXT PRIMARY KEY REFERENCES orgs (id),
  tier_weights TEXT NOT NULL,
  default_sla_hours INTEGER NOT NULL,
  updated_at BIGINT NOT NULL
);

-- A notification may concern a lead.
ALTER TABLE notifications ADD COLUMN lead_id TEXT;
