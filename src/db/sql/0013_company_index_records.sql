-- A record's keys, found by the record: replacing or removing one record's keys (every change to
-- a deal or a direct opportunity) read every key of its organisation instead, which made an
-- import of 10,000 direct opportunities take minutes on SQLite.
CREATE INDEX company_index_keys_record ON company_index_keys (org_id, record_type, record_id);
