// A job runner process: `jobs_test_worker DATABASE_URL WORKER_ID`. It runs "test.record" jobs,
// each of which appends (job id, worker) to job_effects, until no job is left to run.
#include <soci/soci.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "core/log.h"
#include "jobs/job_runner.h"

using namespace strata;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: jobs_test_worker DATABASE_URL WORKER_ID\n";
    return 2;
  }
  strata::log::SetLevel(log::Level::kWarn);
  auto database = db::Database::Open(argv[1], 2);
  if (!database) {
    std::cerr << database.error().message << '\n';
    return 1;
  }
  jobs::JobStore store(**database);
  jobs::RunnerOptions options;
  options.worker_id = argv[2];
  options.batch_size = 5;
  jobs::JobRunner runner(store, options);
  runner.Register("test.record", [&](const jobs::Job& job) -> core::Status {
    auto lease = (*database)->Acquire();
    if (!lease) return lease.error();
    // A little work per job keeps both processes busy for long enough to overlap.
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::string id = job.id;
    std::string worker = argv[2];
    **lease << "INSERT INTO job_effects (job_id, worker) VALUES (:job_id, :worker)",
        soci::use(id, "job_id"), soci::use(worker, "worker");
    return core::Ok();
  });
  int idle_rounds = 0;
  while (idle_rounds < 3) {
    const int ran = runner.RunOnce();
    if (ran > 0) {
      idle_rounds = 0;
      continue;
    }
    auto counts = store.CountByState(access::Actor::System());
    if (counts && counts->at("queued") == 0 && counts->at("running") == 0) ++idle_rounds;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return 0;
}
