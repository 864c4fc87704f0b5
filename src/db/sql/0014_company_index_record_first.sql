-- The index of 0013 led with the organisation, and PostgreSQL, planning inside a transaction that
-- had just written thousands of keys, read it for the organisation alone and filtered the
-- records, every key of the organisation again. Led by the record, it serves one record or a
-- list of them on both engines.
DROP INDEX company_index_keys_record;
CREATE INDEX company_index_keys_by_record ON company_index_keys (record_id, org_id, record_type);
