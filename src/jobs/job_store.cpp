#include <soci/soci.h>

#include <algorithm>
#include <cmath>

#include "core/ids.h"
#include "db/rows.h"
#include "jobs/jobs.h"

namespace strata::jobs {
namespace {

// Adds a job unless one with the same idempotency key exists.
constexpr const char* kInsertJob =
    "INSERT INTO jobs (id, kind, payload, org_id, state, attempts, max_attempts, run_at,"
    " idempotency_key, created_at, updated_at)"
    " VALUES (:id, :kind, :payload, :org_id, 'queued', 0, :max_attempts, :run_at,"
    " :idempotency_key, :created_at, :updated_at)"
    " ON CONFLICT (idempotency_key) DO NOTHING";

// Finds the job an idempotency key already made.
constexpr const char* kSelectIdByKey = "SELECT id FROM jobs WHERE idempotency_key = :key";

// Leases due jobs to a worker and returns them. %s is the dialect's row-lock clause.
constexpr const char* kClaimJobs =
    "UPDATE jobs SET state = 'running', locked_by = :worker, locked_until = :until,"
    " attempts = attempts + 1, updated_at = :updated_at"
    " WHERE id IN (SELECT id FROM jobs"
    "  WHERE (state = 'queued' AND run_at <= :due) OR (state = 'running' AND locked_until < "
    ":expired)"
    "  ORDER BY run_at LIMIT :limit %s)"
    " RETURNING id, kind, payload, org_id, attempts, max_attempts, run_at";

// Finishes a job the worker still holds.
constexpr const char* kCompleteJob =
    "UPDATE jobs SET state = 'done', locked_by = NULL, locked_until = NULL, updated_at = :now,"
    " finished_at = :finished_at WHERE id = :id AND state = 'running' AND locked_by = :worker";

// Requeues a failed job, or parks it as dead when its attempts are used up.
constexpr const char* kFailJob =
    "UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,"
    " run_at = :retry_at, last_error = :error, locked_by = NULL, locked_until = NULL,"
    " updated_at = :now,"
    " finished_at = CASE WHEN attempts >= max_attempts THEN CAST(:finished_at AS BIGINT) END"
    " WHERE id = :id AND state = 'running' AND locked_by = :worker";

// One job by id.
constexpr const char* kSelectJob =
    "SELECT id, kind, payload, org_id, state, attempts, max_attempts, run_at, last_error"
    " FROM jobs WHERE id = :id";

// Job counts per state, for /metrics.
constexpr const char* kCountByState = "SELECT state, COUNT(*) FROM jobs GROUP BY state";

// Old finished jobs.
constexpr const char* kPurgeDone =
    "DELETE FROM jobs WHERE state = 'done' AND finished_at < :before";

core::Error Forbidden() {
  return core::Error{core::Errc::kForbidden, "only the system may use the job queue", {}};
}

JobState ParseState(const std::string& text) {
  if (text == "running") return JobState::kRunning;
  if (text == "done") return JobState::kDone;
  if (text == "dead") return JobState::kDead;
  return JobState::kQueued;
}

Job ClaimedJob(const soci::row& row) {
  Job job;
  job.id = row.get<std::string>(0);
  job.kind = row.get<std::string>(1);
  job.payload = row.get<std::string>(2);
  job.org_id = db::RowOptionalText(row, 3);
  job.state = JobState::kRunning;
  job.attempts = static_cast<int>(db::RowInteger(row, 4));
  job.max_attempts = static_cast<int>(db::RowInteger(row, 5));
  job.run_at = core::Timestamp(db::RowInteger(row, 6));
  return job;
}

// The store's work on a leased session; database errors become kUnavailable, so that the
// runner can retry later instead of failing the job.
template <class Work>
auto WithQueueSession(db::Database& database, Work work)
    -> decltype(work(std::declval<soci::session&>())) {
  try {
    return db::WithSession(database, work);
  } catch (const std::exception& error) {
    return core::Error::Unavailable(std::string("job queue: ") + error.what());
  }
}

}  // namespace

const char* JobStateName(JobState state) {
  switch (state) {
    case JobState::kQueued:
      return "queued";
    case JobState::kRunning:
      return "running";
    case JobState::kDone:
      return "done";
    case JobState::kDead:
      return "dead";
  }
  return "queued";
}

core::Timestamp NextAttemptAt(const Backoff& backoff, int attempts, core::Timestamp now,
                              double jitter) {
  const int exponent = std::clamp(attempts - 1, 0, 40);
  const double delay =
      std::min(static_cast<double>(backoff.base_micros) * std::ldexp(1.0, exponent),
               static_cast<double>(backoff.cap_micros));
  return now + static_cast<std::int64_t>(delay * (1.0 + 0.2 * std::clamp(jitter, 0.0, 1.0)));
}

core::Result<std::string> EnqueueInTransaction(soci::session& session, const NewJob& job) {
  if (job.kind.empty())
    return core::Error::Invalid("a job needs a kind", {{"kind", "is required"}});
  if (job.max_attempts < 1) {
    return core::Error::Invalid("max_attempts must be at least 1",
                                {{"max_attempts", "must be at least 1"}});
  }
  std::string id = core::Uuid::NewV7().ToString();
  const long long now = core::Timestamp::Now().micros();
  const long long run_at = job.run_at ? job.run_at->micros() : now;
  const int max_attempts = job.max_attempts;
  soci::indicator org_indicator = job.org_id ? soci::i_ok : soci::i_null;
  soci::indicator key_indicator = job.idempotency_key ? soci::i_ok : soci::i_null;
  std::string org_id = job.org_id.value_or("");
  std::string key = job.idempotency_key.value_or("");
  std::string kind = job.kind;
  std::string payload = job.payload;
  session << kInsertJob, soci::use(id, "id"), soci::use(kind, "kind"),
      soci::use(payload, "payload"), soci::use(org_id, org_indicator, "org_id"),
      soci::use(max_attempts, "max_attempts"), soci::use(run_at, "run_at"),
      soci::use(key, key_indicator, "idempotency_key"), soci::use(now, "created_at"),
      soci::use(now, "updated_at");
  if (job.idempotency_key) {
    std::string existing;
    session << kSelectIdByKey, soci::use(key, "key"), soci::into(existing);
    return existing;
  }
  return id;
}

core::Result<std::string> JobStore::Enqueue(const access::Actor& actor, const NewJob& job) {
  if (!actor.is_system()) return Forbidden();
  return WithQueueSession(database_, [&](soci::session& session) -> core::Result<std::string> {
    return EnqueueInTransaction(session, job);
  });
}

core::Result<std::vector<Job>> JobStore::Claim(const access::Actor& actor,
                                               const std::string& worker, int limit,
                                               core::Timestamp now, std::int64_t lease_micros) {
  if (!actor.is_system()) return Forbidden();
  return WithQueueSession(database_, [&](soci::session& session) -> core::Result<std::vector<Job>> {
    const bool postgres = database_.dialect() == db::Dialect::kPostgres;
    char sql[1024];
    std::snprintf(sql, sizeof sql, kClaimJobs, postgres ? "FOR UPDATE SKIP LOCKED" : "");
    std::string worker_id = worker;
    const long long until = now.micros() + lease_micros;
    const long long at = now.micros();
    std::vector<Job> jobs;
    db::Transaction transaction(session, database_.dialect());
    soci::rowset<soci::row> rows =
        (session.prepare << sql, soci::use(worker_id, "worker"), soci::use(until, "until"),
         soci::use(at, "updated_at"), soci::use(at, "due"), soci::use(at, "expired"),
         soci::use(limit, "limit"));
    for (const soci::row& row : rows) jobs.push_back(ClaimedJob(row));
    transaction.Commit();
    std::sort(jobs.begin(), jobs.end(),
              [](const Job& a, const Job& b) { return a.run_at < b.run_at; });
    return jobs;
  });
}

core::Status JobStore::Complete(const access::Actor& actor, const Job& job,
                                const std::string& worker, core::Timestamp now) {
  if (!actor.is_system()) return Forbidden();
  return WithQueueSession(database_, [&](soci::session& session) -> core::Status {
    const long long at = now.micros();
    std::string id = job.id;
    std::string worker_id = worker;
    soci::statement statement =
        (session.prepare << kCompleteJob, soci::use(at, "now"), soci::use(at, "finished_at"),
         soci::use(id, "id"), soci::use(worker_id, "worker"));
    statement.execute(true);
    if (statement.get_affected_rows() != 1) {
      return core::Error::Conflict("job " + job.id + " is no longer held by " + worker);
    }
    return core::Ok();
  });
}

core::Status JobStore::Fail(const access::Actor& actor, const Job& job, const std::string& worker,
                            const std::string& error, core::Timestamp now,
                            core::Timestamp retry_at) {
  if (!actor.is_system()) return Forbidden();
  return WithQueueSession(database_, [&](soci::session& session) -> core::Status {
    const long long at = now.micros();
    const long long retry = retry_at.micros();
    std::string id = job.id;
    std::string worker_id = worker;
    std::string message = error.substr(0, 2000);
    soci::statement statement =
        (session.prepare << kFailJob, soci::use(retry, "retry_at"), soci::use(message, "error"),
         soci::use(at, "now"), soci::use(at, "finished_at"), soci::use(id, "id"),
         soci::use(worker_id, "worker"));
    statement.execute(true);
    if (statement.get_affected_rows() != 1) {
      return core::Error::Conflict("job " + job.id + " is no longer held by " + worker);
    }
    return core::Ok();
  });
}

core::Result<std::optional<Job>> JobStore::Get(const access::Actor& actor, const std::string& id) {
  if (!actor.is_system()) return Forbidden();
  return WithQueueSession(
      database_, [&](soci::session& session) -> core::Result<std::optional<Job>> {
        std::string wanted = id;
        soci::rowset<soci::row> rows = (session.prepare << kSelectJob, soci::use(wanted, "id"));
        for (const soci::row& row : rows) {
          Job job;
          job.id = row.get<std::string>(0);
          job.kind = row.get<std::string>(1);
          job.payload = row.get<std::string>(2);
          job.org_id = db::RowOptionalText(row, 3);
          job.state = ParseState(row.get<std::string>(4));
          job.attempts = static_cast<int>(db::RowInteger(row, 5));
          job.max_attempts = static_cast<int>(db::RowInteger(row, 6));
          job.run_at = core::Timestamp(db::RowInteger(row, 7));
          job.last_error = db::RowOptionalText(row, 8).value_or("");
          return std::optional<Job>(std::move(job));
        }
        return std::optional<Job>();
      });
}

core::Result<std::map<std::string, std::int64_t>> JobStore::CountByState(
    const access::Actor& actor) {
  if (!actor.is_system()) return Forbidden();
  return WithSession(
      database_, [&](soci::session& session) -> core::Result<std::map<std::string, std::int64_t>> {
        std::map<std::string, std::int64_t> counts;
        for (JobState state :
             {JobState::kQueued, JobState::kRunning, JobState::kDone, JobState::kDead}) {
          counts[JobStateName(state)] = 0;
        }
        soci::rowset<soci::row> rows = session.prepare << kCountByState;
        for (const soci::row& row : rows) {
          counts[row.get<std::string>(0)] = db::RowInteger(row, 1);
        }
        return counts;
      });
}

core::Result<std::int64_t> JobStore::PurgeDone(const access::Actor& actor, core::Timestamp before) {
  if (!actor.is_system()) return Forbidden();
  return WithQueueSession(database_, [&](soci::session& session) -> core::Result<std::int64_t> {
    const long long cutoff = before.micros();
    soci::statement statement = (session.prepare << kPurgeDone, soci::use(cutoff, "before"));
    statement.execute(true);
    return static_cast<std::int64_t>(statement.get_affected_rows());
  });
}

}  // namespace strata::jobs
