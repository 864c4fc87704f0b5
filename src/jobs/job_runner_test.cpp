#include "jobs/job_runner.h"

#include <gtest/gtest.h>

#include <atomic>

#include "db/migrations.h"
#include "db/testing/test_database.h"

namespace strata::jobs {
namespace {

using access::Actor;
using namespace std::chrono_literals;

class JobRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_ = db::testing::TestDatabase::Create();
    ASSERT_TRUE(db::Migrate(test_->database(), db::BuiltinMigrations()));
    store_ = std::make_unique<JobStore>(test_->database());
  }
  std::string Add(const std::string& kind, int max_attempts = 3) {
    NewJob job;
    job.kind = kind;
    job.max_attempts = max_attempts;
    return *store_->Enqueue(Actor::System(), job);
  }
  std::unique_ptr<db::testing::TestDatabase> test_;
  std::unique_ptr<JobStore> store_;
};

TEST_F(JobRunnerTest, RunsHandlersAndRecordsOutcomes) {
  RunnerOptions options;
  options.backoff = {0, 0};  // Retry at once, to see the job die within the test.
  JobRunner runner(*store_, options);
  std::atomic<int> ok_runs{0};
  runner.Register("ok", [&](const Job&) {
    ++ok_runs;
    return core::Ok();
  });
  runner.Register("broken", [](const Job&) -> core::Status { throw std::runtime_error("boom"); });
  const std::string ok = Add("ok");
  const std::string broken = Add("broken", 2);
  const std::string orphan = Add("nobody-handles-this", 1);
  for (int i = 0; i < 3; ++i) runner.RunOnce();
  EXPECT_EQ(ok_runs, 1);
  EXPECT_EQ((*store_->Get(Actor::System(), ok))->state, JobState::kDone);
  auto dead = *store_->Get(Actor::System(), broken);
  EXPECT_EQ(dead->state, JobState::kDead);
  EXPECT_NE(dead->last_error.find("boom"), std::string::npos);
  auto unhandled = *store_->Get(Actor::System(), orphan);
  EXPECT_EQ(unhandled->state, JobState::kDead);
  EXPECT_NE(unhandled->last_error.find("no handler"), std::string::npos);
}

TEST_F(JobRunnerTest, BackgroundThreadRunsJobsAndStopsCleanly) {
  RunnerOptions options;
  options.poll_interval = 50ms;
  JobRunner runner(*store_, options);
  std::atomic<int> runs{0};
  runner.Register("count", [&](const Job&) {
    ++runs;
    return core::Ok();
  });
  runner.Start();
  for (int i = 0; i < 25; ++i) Add("count");
  runner.Wake();
  for (int i = 0; i < 200 && runs < 25; ++i) std::this_thread::sleep_for(20ms);
  runner.Stop();
  EXPECT_EQ(runs, 25);
  EXPECT_EQ(store_->CountByState(Actor::System())->at("done"), 25);
}

TEST_F(JobRunnerTest, PeriodicJobsAreEnqueuedOncePerPeriodAcrossRunners) {
  JobRunner first(*store_, {});
  JobRunner second(*store_, {});
  std::atomic<int> runs{0};
  for (JobRunner* runner : {&first, &second}) {
    runner->Every("tick", std::chrono::seconds(3600));
    runner->Register("tick", [&](const Job&) {
      ++runs;
      return core::Ok();
    });
  }
  first.RunOnce();
  second.RunOnce();
  first.RunOnce();
  EXPECT_EQ(runs, 1);
}

}  // namespace
}  // namespace strata::jobs
