#include "db/migrations.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <thread>

#include "db/testing/test_database.h"

namespace strata::db {
namespace {

using testing::TestDatabase;

std::vector<Migration> TwoMigrations() {
  return {
      {1, "widgets", "CREATE TABLE widgets (id TEXT PRIMARY KEY); CREATE INDEX w ON widgets (id)",
       "CREATE TABLE widgets (id TEXT PRIMARY KEY); CREATE INDEX w ON widgets (id)"},
      {2, "gadgets", "CREATE TABLE gadgets (id TEXT PRIMARY KEY)",
       "CREATE TABLE gadgets (id TEXT PRIMARY KEY)"},
  };
}

TEST(MigrationsTest, AppliesPendingOnceAndRecordsThem) {
  auto test = TestDatabase::Create();
  auto before = ReadMigrationState(test->database(), TwoMigrations());
  ASSERT_TRUE(before);
  EXPECT_EQ(before->current, 0);
  EXPECT_FALSE(before->up_to_date());

  auto applied = Migrate(test->database(), TwoMigrations());
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(*applied, 2);
  auto again = Migrate(test->database(), TwoMigrations());
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);

  auto after = ReadMigrationState(test->database(), TwoMigrations());
  ASSERT_TRUE(after);
  EXPECT_EQ(after->current, 2);
  EXPECT_TRUE(after->up_to_date());
}

TEST(MigrationsTest, AFailingMigrationLeavesNothingBehind) {
  auto test = TestDatabase::Create();
  auto migrations = TwoMigrations();
  migrations[1].sqlite_sql = migrations[1].postgres_sql =
      "CREATE TABLE gadgets (id TEXT PRIMARY KEY); INSERT INTO no_such_table VALUES (1)";
  auto result = Migrate(test->database(), migrations);
  ASSERT_FALSE(result);
  auto state = ReadMigrationState(test->database(), migrations);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->current, 1);
  // The half-done migration's table was rolled back with it.
  auto lease = test->database().Acquire();
  EXPECT_ANY_THROW(**lease << "SELECT COUNT(*) FROM gadgets");
}

TEST(MigrationsTest, RefusesADatabaseMigratedByANewerBinary) {
  auto test = TestDatabase::Create();
  ASSERT_TRUE(Migrate(test->database(), TwoMigrations()));
  auto older = TwoMigrations();
  older.pop_back();
  auto result = Migrate(test->database(), older);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, core::Errc::kConflict);
  EXPECT_NE(result.error().message.find("newer"), std::string::npos);
}

TEST(MigrationsTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  auto test = TestDatabase::Create(4);
  std::vector<int> applied(4, -1);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      auto result = Migrate(test->database(), TwoMigrations());
      applied[i] = result ? *result : -1;
    });
  }
  for (auto& thread : threads) thread.join();
  int total = 0;
  for (int count : applied) {
    EXPECT_GE(count, 0);
    total += count;
  }
  EXPECT_EQ(total, 2);
}

TEST(MigrationsTest, BuiltinMigrationsApplyOnThisEngine) {
  auto test = TestDatabase::Create();
  const auto& builtin = BuiltinMigrations();
  ASSERT_FALSE(builtin.empty());
  for (std::size_t i = 1; i < builtin.size(); ++i) {
    EXPECT_EQ(builtin[i].version, builtin[i - 1].version + 1) << "versions have no gaps";
  }
  auto applied = Migrate(test->database(), builtin);
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(*applied, static_cast<int>(builtin.size()));
}

}  // namespace
}  // namespace strata::db
