#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/migrations.h"
#include "db/testing/test_database.h"
#include "jobs/jobs.h"

namespace strata::jobs {
namespace {

using access::Actor;
constexpr std::int64_t kMinute = 60 * core::kMicrosPerSecond;

class JobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_ = db::testing::TestDatabase::Create();
    ASSERT_TRUE(db::Migrate(test_->database(), db::BuiltinMigrations()));
    store_ = std::make_unique<JobStore>(test_->database());
  }
  std::string Add(const std::string& kind, std::optional<core::Timestamp> run_at = {},
                  int max_attempts = 3) {
    NewJob job;
    job.kind = kind;
    job.run_at = run_at;
    job.max_attempts = max_attempts;
    auto id = store_->Enqueue(Actor::System(), job);
    EXPECT_TRUE(id);
    return *id;
  }

  std::unique_ptr<db::testing::TestDatabase> test_;
  std::unique_ptr<JobStore> store_;
};

TEST_F(JobStoreTest, ClaimsDueJobsInOrderAndLeasesThem) {
  const auto now = core::Timestamp::Now();
  const std::string later = Add("b", now + 10 * kMinute);
  const std::string second = Add("a", now + -kMinute);
  const std::string first = Add("a", now + -2 * kMinute);
  auto claimed = store_->Claim(Actor::System(), "w1", 10, now, kMinute);
  ASSERT_TRUE(claimed) << claimed.error().message;
  ASSERT_EQ(claimed->size(), 2U);
  EXPECT_EQ((*claimed)[0].id, first);
  EXPECT_EQ((*claimed)[1].id, second);
  EXPECT_EQ((*claimed)[0].attempts, 1);
  // Leased jobs are not handed out twice.
  auto again = store_->Claim(Actor::System(), "w2", 10, now, kMinute);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
  EXPECT_TRUE(store_->Complete(Actor::System(), (*claimed)[0], "w1", now));
  auto done = store_->Get(Actor::System(), first);
  ASSERT_TRUE(done && *done);
  EXPECT_EQ((*done)->state, JobState::kDone);
  (void)later;
}

TEST_F(JobStoreTest, AnExpiredLeaseIsReclaimedAndTheOldWorkerCannotFinish) {
  const auto now = core::Timestamp::Now();
  Add("a", now);
  auto first = store_->Claim(Actor::System(), "dead-worker", 1, now, kMinute);
  ASSERT_TRUE(first && first->size() == 1);
  auto reclaimed = store_->Claim(Actor::System(), "w2", 1, now + 2 * kMinute, kMinute);
  ASSERT_TRUE(reclaimed && reclaimed->size() == 1);
  EXPECT_EQ((*reclaimed)[0].attempts, 2);
  auto late = store_->Complete(Actor::System(), (*first)[0], "dead-worker", now + 3 * kMinute);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, core::Errc::kConflict);
  EXPECT_TRUE(store_->Complete(Actor::System(), (*reclaimed)[0], "w2", now + 3 * kMinute));
}

TEST_F(JobStoreTest, FailuresRetryThenParkTheJobAsDeadWithItsError) {
  auto now = core::Timestamp::Now();
  const std::string id = Add("flaky", now, 2);
  auto first = store_->Claim(Actor::System(), "w", 1, now, kMinute);
  ASSERT_TRUE(first && first->size() == 1);
  ASSERT_TRUE(store_->Fail(Actor::System(), (*first)[0], "w", "smtp down", now, now + kMinute));
  auto queued = store_->Get(Actor::System(), id);
  EXPECT_EQ((*queued)->state, JobState::kQueued);
  EXPECT_TRUE(store_->Claim(Actor::System(), "w", 1, now, kMinute)->empty()) << "not before retry";
  auto second = store_->Claim(Actor::System(), "w", 1, now + kMinute, kMinute);
  ASSERT_TRUE(second && second->size() == 1);
  ASSERT_TRUE(store_->Fail(Actor::System(), (*second)[0], "w", "smtp still down", now, now));
  auto dead = store_->Get(Actor::System(), id);
  EXPECT_EQ((*dead)->state, JobState::kDead);
  EXPECT_EQ((*dead)->attempts, 2);
  EXPECT_EQ((*dead)->last_error, "smtp still down");
  auto counts = store_->CountByState(Actor::System());
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->at("dead"), 1);
  EXPECT_EQ(counts->at("queued"), 0);
}

TEST_F(JobStoreTest, IdempotencyKeyMakesOneJob) {
  NewJob job;
  job.kind = "digest";
  job.idempotency_key = "digest@2026-11-22";
  auto first = store_->Enqueue(Actor::System(), job);
  auto second = store_->Enqueue(Actor::System(), job);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(store_->CountByState(Actor::System())->at("queued"), 1);
}

TEST_F(JobStoreTest, AJobEnqueuedInATransactionExistsOnlyOnceItCommits) {
  NewJob job;
  job.kind = "webhooks.deliver";
  job.idempotency_key = "delivery-1";
  std::string rolled_back;
  {
    auto lease = test_->database().Acquire();
    ASSERT_TRUE(lease);
    db::Transaction transaction(**lease, test_->database().dialect());
    auto id = EnqueueInTransaction(**lease, job);
    ASSERT_TRUE(id) << id.error().message;
    rolled_back = *id;
  }
  auto gone = store_->Get(Actor::System(), rolled_back);
  ASSERT_TRUE(gone);
  EXPECT_FALSE(*gone);
  std::string committed;
  {
    auto lease = test_->database().Acquire();
    ASSERT_TRUE(lease);
    db::Transaction transaction(**lease, test_->database().dialect());
    auto id = EnqueueInTransaction(**lease, job);
    ASSERT_TRUE(id);
    auto again = EnqueueInTransaction(**lease, job);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *id);
    transaction.Commit();
    committed = *id;
  }
  auto stored = store_->Get(Actor::System(), committed);
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->kind, "webhooks.deliver");
  auto lease = test_->database().Acquire();
  ASSERT_TRUE(lease);
  const NewJob nameless;
  EXPECT_FALSE(EnqueueInTransaction(**lease, nameless));
}

TEST_F(JobStoreTest, RefusesInvalidJobsAndPurgesOldDoneOnes) {
  NewJob nameless;
  auto refused = store_->Enqueue(Actor::System(), nameless);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::kInvalidArgument);

  const auto now = core::Timestamp::Now();
  Add("a", now);
  auto claimed = store_->Claim(Actor::System(), "w", 1, now, kMinute);
  ASSERT_TRUE(claimed && claimed->size() == 1);
  ASSERT_TRUE(store_->Complete(Actor::System(), (*claimed)[0], "w", now));
  EXPECT_EQ(*store_->PurgeDone(Actor::System(), now + -kMinute), 0);
  EXPECT_EQ(*store_->PurgeDone(Actor::System(), now + kMinute), 1);
}

TEST(BackoffTest, DoublesUpToTheCapWithBoundedJitter) {
  Backoff backoff{1'000'000, 60'000'000};
  const core::Timestamp now(0);
  EXPECT_EQ(NextAttemptAt(backoff, 1, now, 0).micros(), 1'000'000);
  EXPECT_EQ(NextAttemptAt(backoff, 2, now, 0).micros(), 2'000'000);
  EXPECT_EQ(NextAttemptAt(backoff, 4, now, 0).micros(), 8'000'000);
  EXPECT_EQ(NextAttemptAt(backoff, 30, now, 0).micros(), 60'000'000);
  EXPECT_EQ(NextAttemptAt(backoff, 1, now, 0.5).micros(), 1'100'000);
  EXPECT_LE(NextAttemptAt(backoff, 30, now, 0.999).micros(), 72'000'000);
}

}  // namespace
}  // namespace strata::jobs
