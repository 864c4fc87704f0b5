#include "jobs/job_runner.h"

#include "core/ids.h"
#include "core/log.h"

namespace strata::jobs {
namespace {

double Jitter() {
  std::uint32_t random = 0;
  core::RandomBytes(&random, sizeof random);
  return static_cast<double>(random) / 4294967296.0;
}

}  // namespace

JobRunner::JobRunner(JobStore& store, RunnerOptions options)
    : store_(store), options_(std::move(options)) {
  if (options_.worker_id.empty()) options_.worker_id = "worker-" + core::RandomHex(6);
}

JobRunner::~JobRunner() { Stop(); }

void JobRunner::Register(const std::string& kind, JobHandler handler) {
  handlers_[kind] = std::move(handler);
}

void JobRunner::Every(const std::string& kind, std::chrono::seconds period) {
  periodic_.emplace_back(kind, period);
}

void JobRunner::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void JobRunner::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void JobRunner::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void JobRunner::Loop() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    int ran = 0;
    try {
      ran = RunOnce();
    } catch (const std::exception& error) {
      log::Error("job runner", {{"worker", options_.worker_id}, {"error", error.what()}});
    }
    std::unique_lock lock(mutex_);
    // A full batch means more may be waiting: go again at once.
    if (ran < options_.batch_size) {
      wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || woken_; });
    }
    woken_ = false;
  }
}

void JobRunner::EnqueuePeriodic(core::Timestamp now) {
  for (const auto& [kind, period] : periodic_) {
    const std::int64_t period_micros = period.count() * core::kMicrosPerSecond;
    const std::int64_t slot = now.micros() / period_micros;
    NewJob job;
    job.kind = kind;
    job.run_at = core::Timestamp(slot * period_micros);
    job.idempotency_key = kind + "@" + std::to_string(slot);
    job.max_attempts = 3;
    if (auto enqueued = store_.Enqueue(access::Actor::System(), job); !enqueued) {
      log::Warn("periodic job not enqueued", {{"kind", kind}, {"error", enqueued.error().message}});
    }
  }
}

int JobRunner::RunOnce() {
  const auto now = core::Timestamp::Now();
  EnqueuePeriodic(now);
  auto claimed = store_.Claim(access::Actor::System(), options_.worker_id, options_.batch_size, now,
                              options_.lease_micros);
  if (!claimed) {
    log::Warn("job claim failed",
              {{"worker", options_.worker_id}, {"error", claimed.error().message}});
    return 0;
  }
  for (const Job& job : *claimed) {
    {
      std::lock_guard lock(mutex_);
      // Jobs claimed but not started go back to the queue when their lease ends.
      if (stopping_ && thread_.joinable()) break;
    }
    RunJob(job);
  }
  return static_cast<int>(claimed->size());
}

void JobRunner::RunJob(const Job& job) {
  core::Status outcome;
  auto handler = handlers_.find(job.kind);
  if (handler == handlers_.end()) {
    outcome = core::Error::NotFound("no handler for job kind " + job.kind);
  } else {
    try {
      outcome = handler->second(job);
    } catch (const std::exception& error) {
      outcome = core::Error::Unavailable(std::string("handler threw: ") + error.what());
    }
  }
  const auto now = core::Timestamp::Now();
  const auto actor = access::Actor::System();
  core::Status recorded;
  if (outcome) {
    recorded = store_.Complete(actor, job, options_.worker_id, now);
  } else {
    const auto retry_at = NextAttemptAt(options_.backoff, job.attempts, now, Jitter());
    recorded = store_.Fail(actor, job, options_.worker_id, outcome.error().message, now, retry_at);
    log::Warn("job failed", {{"job_id", job.id},
                             {"kind", job.kind},
                             {"attempt", job.attempts},
                             {"max_attempts", job.max_attempts},
                             {"error", outcome.error().message}});
  }
  if (!recorded) {
    log::Warn("job outcome not recorded",
              {{"job_id", job.id}, {"error", recorded.error().message}});
  }
}

}  // namespace strata::jobs
