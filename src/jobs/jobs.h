#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "core/error.h"
#include "core/time.h"
#include "db/database.h"

namespace soci {
class session;
}

namespace strata::jobs {

// A job to add to the queue.
struct NewJob {
  std::string kind;                       // Names the handler: "mail.send", "jobs.purge".
  std::string payload = "{}";             // JSON the handler reads.
  std::optional<std::string> org_id;      // The organisation the job works for, if any.
  std::optional<core::Timestamp> run_at;  // Not before; now when unset.
  int max_attempts = 8;
  // Enqueueing twice with one key makes one job: schedulers and client retries stay idempotent.
  std::optional<std::string> idempotency_key;
};

enum class JobState { kQueued, kRunning, kDone, kDead };
const char* JobStateName(JobState state);

// A job as stored.
struct Job {
  std::string id;
  std::string kind;
  std::string payload;
  std::optional<std::string> org_id;
  JobState state = JobState::kQueued;
  int attempts = 0;  // Including the one in progress.
  int max_attempts = 0;
  core::Timestamp run_at;
  std::string last_error;
};

// How retries back off: base * 2^(attempts-1), capped, with up to 20% random added so that jobs
// that failed together do not retry together.
struct Backoff {
  std::int64_t base_micros = 5 * core::kMicrosPerSecond;
  std::int64_t cap_micros = 3600 * core::kMicrosPerSecond;
};

// When a job that failed its `attempts`-th attempt at `now` runs next; `jitter` in [0, 1).
core::Timestamp NextAttemptAt(const Backoff& backoff, int attempts, core::Timestamp now,
                              double jitter);

// Adds a job on `session`, inside the caller's transaction, so that the job exists exactly when
// the change that asks for it is committed; returns its id, or with an idempotency key already
// used, the existing job's id. kInvalidArgument for a job without a kind or attempts; database
// errors throw, rolling the caller's transaction back.
core::Result<std::string> EnqueueInTransaction(soci::session& session, const NewJob& job);

// The durable job queue in the `jobs` table. Only the system actor may use it: jobs run with no
// user behind them. Every function returns kForbidden for any other actor and kUnavailable when
// the database fails.
class JobStore {
 public:
  explicit JobStore(db::Database& database) : database_(database) {}

  // Adds a job and returns its id; with an idempotency key already used, the existing job's id.
  core::Result<std::string> Enqueue(const access::Actor& actor, const NewJob& job);

  // Claims up to `limit` due jobs for `worker` and leases them until now + lease: queued jobs
  // whose time has come, and running jobs whose lease ran out (their worker died). On
  // PostgreSQL concurrent claimers skip each other's rows (FOR UPDATE SKIP LOCKED); on SQLite the
  // claim is one immediate transaction.
  core::Result<std::vector<Job>> Claim(const access::Actor& actor, const std::string& worker,
                                       int limit, core::Timestamp now, std::int64_t lease_micros);

  // Marks a job this worker holds as done. kConflict when the worker lost the lease.
  core::Status Complete(const access::Actor& actor, const Job& job, const std::string& worker,
                        core::Timestamp now);

  // Records a failed attempt: queued again at `retry_at`, or dead with `error` once the attempts
  // are used up. kConflict when the worker lost the lease.
  core::Status Fail(const access::Actor& actor, const Job& job, const std::string& worker,
                    const std::string& error, core::Timestamp now, core::Timestamp retry_at);

  core::Result<std::optional<Job>> Get(const access::Actor& actor, const std::string& id);
  // The number of jobs in each state, every state present.
  core::Result<std::map<std::string, std::int64_t>> CountByState(const access::Actor& actor);
  // Deletes done jobs finished before `before`; dead jobs stay for inspection. Returns how many.
  core::Result<std::int64_t> PurgeDone(const access::Actor& actor, core::Timestamp before);

 private:
  db::Database& database_;
};

}  // namespace strata::jobs
