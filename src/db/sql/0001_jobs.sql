-- The durable job queue (src/jobs/): sends, expiries, imports, webhooks, digests.
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  -- The organisation the job works for; NULL for platform-wide housekeeping.
  org_id TEXT,
  -- queued, running, done or dead.
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  run_at BIGINT NOT NULL,
  locked_by TEXT,
  locked_until BIGINT,
  last_error TEXT,
  -- Enqueueing twice with one key makes one job: schedulers and retries stay idempotent.
  idempotency_key TEXT UNIQUE,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  finished_at BIGINT
);

-- The claim query: due jobs in run_at order.
CREATE INDEX jobs_due ON jobs (state, run_at);
