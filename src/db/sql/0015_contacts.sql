-- The marketing database each organisation owns: its contacts, lists and segments, the consent
-- ledger, the suppression list, the frequency cap, contact imports and data-subject requests.
-- Every row belongs to one organisation and is read only by that organisation's members.

CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  -- Trimmed and in lower case: one contact per address and organisation.
  email TEXT NOT NULL,
  -- The keyed hash of the address, as the suppression list and the ledger know it.
  email_hash TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  company TEXT NOT NULL,
  title TEXT NOT NULL,
  -- E.164, or empty.
  phone TEXT NOT NULL,
  -- ISO 3166-1 alpha-2 in upper case, or empty.
  country TEXT NOT NULL,
  -- The sales region a scoped member is limited to, or empty.
  region TEXT NOT NULL,
  -- Custom attributes as a JSON object of strings.
  attributes TEXT NOT NULL,
  -- The names, company and address in lower case, for search.
  search_text TEXT NOT NULL,
  -- manual, import, api or form.
  source TEXT NOT NULL,
  import_id TEXT,
  last_activity_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX contacts_email ON contacts (org_id, email);
CREATE INDEX contacts_org ON contacts (org_id, id);

-- A named set of contacts: a static list holds members; a segment holds a filter that is run
-- each time it is read.
CREATE TABLE contact_lists (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  name TEXT NOT NULL,
  -- list or segment.
  kind TEXT NOT NULL,
  -- A segment's filter as JSON; '{}' for a list.
  filter TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX contact_lists_name ON contact_lists (org_id, name);

CREATE TABLE contact_list_members (
  list_id TEXT NOT NULL REFERENCES contact_lists (id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  org_id TEXT NOT NULL,
  added_at BIGINT NOT NULL,
  PRIMARY KEY (list_id, contact_id)
);

CREATE INDEX contact_list_members_contact ON contact_list_members (contact_id);

-- The exact wording a person was shown when asked for consent, one row per version.
CREATE TABLE consent_texts (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  purpose TEXT NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  -- SHA-256 of the body, so the same wording is stored once.
  body_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX consent_texts_version ON consent_texts (org_id, purpose, version);
CREATE UNIQUE INDEX consent_texts_body ON consent_texts (org_id, purpose, body_hash);

-- The consent ledger: rows are only ever added. A withdrawal or a renewal is a new row. When a
-- person is erased, the rows lose the contact and the evidence that identifies the person, and
-- one 'erased' row closes the history; the keyed hash of the address still ties them together.
CREATE TABLE consents (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  contact_id TEXT REFERENCES contacts (id) ON DELETE SET NULL,
  subject_hash TEXT NOT NULL,
  purpose TEXT NOT NULL,
  -- granted, withdrawn or erased.
  action TEXT NOT NULL,
  -- consent, contract, legal_obligation, vital_interests, public_task or legitimate_interests.
  basis TEXT NOT NULL,
  -- import, form, api or manual.
  source TEXT NOT NULL,
  text_id TEXT REFERENCES consent_texts (id),
  -- The controllers the text named, as a JSON array of organisation ids.
  controllers TEXT NOT NULL,
  -- When the person acted, from where and through which form.
  given_at BIGINT NOT NULL,
  evidence_ip TEXT NOT NULL,
  evidence_form TEXT NOT NULL,
  expires_at BIGINT,
  recorded_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL
);

CREATE INDEX consents_contact ON consents (contact_id, recorded_at);
CREATE INDEX consents_subject ON consents (org_id, subject_hash, recorded_at);

-- Addresses no marketing email may go to, whichever vendor's campaign sends it. Lifting an
-- entry keeps the row as history; at most one entry per address is in force.
CREATE TABLE suppressions (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  -- The keyed hash of the address, which is what a send checks; it outlives erasure.
  email_hash TEXT NOT NULL,
  -- The address; NULL once the person was erased.
  email TEXT,
  -- unsubscribed, bounced, complained, manual or erased.
  reason TEXT NOT NULL,
  -- The vendor whose campaign led to it, when one did.
  vendor_org_id TEXT,
  note TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  lifted_at BIGINT,
  lifted_by TEXT,
  lift_reason TEXT
);

CREATE UNIQUE INDEX suppressions_in_force ON suppressions (org_id, email_hash)
  WHERE lifted_at IS NULL;
CREATE INDEX suppressions_org ON suppressions (org_id, created_at);

-- At most max_emails marketing emails per contact in period_days, across every vendor.
CREATE TABLE marketing_caps (
  org_id TEXT PRIMARY KEY REFERENCES orgs (id),
  max_emails INTEGER NOT NULL,
  period_days INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- Each marketing email sent to an address, which the frequency cap counts.
CREATE TABLE marketing_sends (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  email_hash TEXT NOT NULL,
  vendor_org_id TEXT,
  campaign_id TEXT,
  sent_at BIGINT NOT NULL
);

CREATE INDEX marketing_sends_recipient ON marketing_sends (org_id, email_hash, sent_at);

-- A contact import: the uploaded file waits in the spool folder until a job reads it.
CREATE TABLE contact_imports (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  created_by TEXT NOT NULL,
  -- uploaded, queued, running, completed, rejected, failed or cancelled.
  status TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_path TEXT NOT NULL,
  file_bytes BIGINT NOT NULL,
  encoding TEXT NOT NULL,
  delimiter TEXT NOT NULL,
  -- The file's header row as a JSON array.
  header TEXT NOT NULL,
  -- The column mapping as JSON: field name to the header it is read from.
  mapping TEXT NOT NULL,
  -- update or skip: what a row whose address is stored already does.
  on_duplicate TEXT NOT NULL,
  -- The consent recorded for every imported contact, as JSON, or NULL.
  consent TEXT,
  list_id TEXT,
  bytes_read BIGINT NOT NULL,
  rows_total BIGINT NOT NULL,
  rows_imported BIGINT NOT NULL,
  rows_updated BIGINT NOT NULL,
  rows_skipped BIGINT NOT NULL,
  rows_rejected BIGINT NOT NULL,
  error TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  finished_at BIGINT
);

CREATE INDEX contact_imports_org ON contact_imports (org_id, created_at);

-- The first rejected rows of an import (the report keeps at most a few thousand; the count is
-- on the import).
CREATE TABLE contact_import_rejections (
  import_id TEXT NOT NULL REFERENCES contact_imports (id) ON DELETE CASCADE,
  org_id TEXT NOT NULL,
  line BIGINT NOT NULL,
  field TEXT NOT NULL,
  reason TEXT NOT NULL
);

CREATE INDEX contact_import_rejections_import ON contact_import_rejections (import_id, line);

-- Data-subject requests answered: an export or an erasure, by whom and when. The address is kept
-- only as its keyed hash and a masked form.
CREATE TABLE privacy_requests (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  -- export or erase.
  kind TEXT NOT NULL,
  email_hash TEXT NOT NULL,
  email_masked TEXT NOT NULL,
  -- How many contacts, consents and suppressions it found.
  contacts BIGINT NOT NULL,
  consents BIGINT NOT NULL,
  suppressions BIGINT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at BIGINT NOT NULL
);

CREATE INDEX privacy_requests_org ON privacy_requests (org_id, requested_at);
