#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "jobs/jobs.h"

namespace strata::jobs {

// Does the work of one job kind. Returns an error to have the job retried; must be idempotent,
// since a worker that dies after the work but before recording it leaves the job to run again.
using JobHandler = std::function<core::Status(const Job&)>;

struct RunnerOptions {
  std::string worker_id;  // Unique per process; a random one when empty.
  int batch_size = 10;
  std::chrono::milliseconds poll_interval = std::chrono::seconds(1);
  std::int64_t lease_micros = std::int64_t{5} * 60 * core::kMicrosPerSecond;
  Backoff backoff;
};

// Runs due jobs on one background thread: claims a batch, runs each job's handler, records the
// outcome, and sleeps until the next poll or a Wake. Also enqueues periodic jobs once per period
// across all processes (the idempotency key names the period). Stop finishes the job in hand.
class JobRunner {
 public:
  JobRunner(JobStore& store, RunnerOptions options);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Registers the handler of a kind; before Start.
  void Register(const std::string& kind, JobHandler handler);
  // Enqueues a job of `kind` every `period`; before Start.
  void Every(const std::string& kind, std::chrono::seconds period);

  void Start();
  void Stop();
  // Polls now instead of at the next interval (after an Enqueue in this process).
  void Wake();

  // Claims and runs one batch on the calling thread; returns how many jobs ran.
  int RunOnce();
  const std::string& worker_id() const { return options_.worker_id; }

 private:
  void Loop();
  void EnqueuePeriodic(core::Timestamp now);
  void RunJob(const Job& job);

  JobStore& store_;
  RunnerOptions options_;
  std::map<std::string, JobHandler> handlers_;
  std::vector<std::pair<std::string, std::chrono::seconds>> periodic_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
};

}  // namespace strata::jobs
