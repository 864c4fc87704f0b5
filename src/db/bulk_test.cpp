#include "db/bulk.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/database.h"
#include "db/query.h"
#include "db/rows.h"
#include "db/testing/test_database.h"

namespace strata::db {
namespace {

class BulkInsertTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_ = testing::TestDatabase::Create(1);
    auto lease = test_->database().Acquire();
    ASSERT_TRUE(lease);
    **lease << "CREATE TABLE items (id TEXT PRIMARY KEY, label TEXT, size BIGINT)";
  }

  std::unique_ptr<testing::TestDatabase> test_;
};

TEST_F(BulkInsertTest, WritesEveryRowWithItsNullsAndAwkwardText) {
  auto lease = test_->database().Acquire();
  ASSERT_TRUE(lease);
  soci::session& sql = **lease;
  const std::string awkward = "tab\there, line\nbreak, back\\slash, \\N, cr\r, 'quote\", ünï";
  {
    Transaction transaction(sql, test_->database().dialect());
    BulkInsert insert(sql, "items", {"id", "label", "size"});
    for (int i = 0; i < 5000; ++i) {
      insert.Add({"id-" + std::to_string(i),
                  i % 7 == 0 ? std::nullopt : std::optional<std::string>(awkward),
                  std::to_string(i)});
    }
    insert.Flush();
    // The table is readable between batches, and more rows may follow.
    std::int64_t count = 0;
    ForEachRow(sql, "SELECT COUNT(*) FROM items", {},
               [&](const soci::row& row) { count = RowInteger(row, 0); });
    EXPECT_EQ(count, 5000);
    insert.Add({"last", "x", "1"});
    insert.Flush();
    transaction.Commit();
  }
  std::int64_t nulls = 0;
  std::int64_t exact = 0;
  std::int64_t total = 0;
  ForEachRow(sql,
             "SELECT SUM(CASE WHEN label IS NULL THEN 1 ELSE 0 END), SUM(CASE WHEN label = :awkward"
             " THEN 1 ELSE 0 END), SUM(size) FROM items",
             Parameters().Text("awkward", awkward), [&](const soci::row& row) {
               nulls = RowInteger(row, 0);
               exact = RowInteger(row, 1);
               total = RowInteger(row, 2);
             });
  EXPECT_EQ(nulls, 715);
  EXPECT_EQ(exact, 5000 - 715);
  EXPECT_EQ(total, 4999LL * 5000 / 2 + 1);
}

TEST_F(BulkInsertTest, AFailedRowRollsEverythingBack) {
  auto lease = test_->database().Acquire();
  ASSERT_TRUE(lease);
  soci::session& sql = **lease;
  EXPECT_ANY_THROW({
    Transaction transaction(sql, test_->database().dialect());
    BulkInsert insert(sql, "items", {"id", "label", "size"});
    insert.Add({"same", "a", "1"});
    insert.Add({"same", "b", "2"});
    insert.Flush();
    transaction.Commit();
  });
  // The session is usable again, and nothing was written.
  std::int64_t count = -1;
  ForEachRow(sql, "SELECT COUNT(*) FROM items", {},
             [&](const soci::row& row) { count = RowInteger(row, 0); });
  EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace strata::db
