// Two runner processes share one database and run each of 1,000 jobs exactly once.
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db/migrations.h"
#include "db/testing/test_database.h"
#include "jobs/jobs.h"

namespace strata::jobs {
namespace {

pid_t Spawn(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return -1;
  return pid;
}

TEST(ExactlyOnceTest, TwoProcessesRunEachOfAThousandJobsOnce) {
  constexpr int kJobs = 1000;
  auto test = db::testing::TestDatabase::Create();
  ASSERT_TRUE(db::Migrate(test->database(), db::BuiltinMigrations()));
  {
    auto lease = test->database().Acquire();
    **lease << "CREATE TABLE job_effects (job_id TEXT NOT NULL, worker TEXT NOT NULL)";
  }
  JobStore store(test->database());
  for (int i = 0; i < kJobs; ++i) {
    NewJob job;
    job.kind = "test.record";
    job.payload = "{\"n\":" + std::to_string(i) + "}";
    ASSERT_TRUE(store.Enqueue(access::Actor::System(), job));
  }

  const pid_t first = Spawn({STRATA_JOBS_TEST_WORKER, test->url(), "worker-a"});
  const pid_t second = Spawn({STRATA_JOBS_TEST_WORKER, test->url(), "worker-b"});
  ASSERT_GT(first, 0);
  ASSERT_GT(second, 0);
  for (pid_t pid : {first, second}) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }

  auto lease = test->database().Acquire();
  int effects = 0;
  int distinct = 0;
  int repeated = 0;
  **lease << "SELECT COUNT(*) FROM job_effects", soci::into(effects);
  **lease << "SELECT COUNT(DISTINCT job_id) FROM job_effects", soci::into(distinct);
  **lease << "SELECT COUNT(*) FROM (SELECT job_id FROM job_effects GROUP BY job_id"
             " HAVING COUNT(*) > 1) AS twice",
      soci::into(repeated);
  EXPECT_EQ(effects, kJobs);
  EXPECT_EQ(distinct, kJobs);
  EXPECT_EQ(repeated, 0);
  EXPECT_EQ(store.CountByState(access::Actor::System())->at("done"), kJobs);

  // Both processes took part.
  int by_first = 0;
  **lease << "SELECT COUNT(*) FROM job_effects WHERE worker = 'worker-a'", soci::into(by_first);
  EXPECT_GT(by_first, 0);
  EXPECT_LT(by_first, kJobs);
  std::cout << "worker-a ran " << by_first << " jobs, worker-b ran " << kJobs - by_first << "\n";
}

}  // namespace
}  // namespace strata::jobs
