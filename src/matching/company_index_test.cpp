#include "matching/company_index.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/migrations.h"
#include "db/query.h"
#include "db/testing/test_database.h"

namespace strata::matching {
namespace {

// Runs on SQLite, or on PostgreSQL under scripts/with-postgres.sh.
class CompanyIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_ = db::testing::TestDatabase::Create(1);
    ASSERT_TRUE(db::Migrate(test_->database(), db::BuiltinMigrations()));
    auto lease = test_->database().Acquire();
    ASSERT_TRUE(lease);
    lease_ = std::make_unique<db::Database::Lease>(std::move(*lease));
    for (const char* org : {"vendor-a", "vendor-b"}) {
      db::Execute(sql(),
                  "INSERT INTO orgs (id, name, kinds, created_at, updated_at)"
                  " VALUES (:id, :id2, 'vendor', 0, 0)",
                  db::Parameters().Text("id", org).Text("id2", org));
    }
  }

  soci::session& sql() { return **lease_; }
  void Put(const std::string& org, const std::string& id, const std::string& name,
           const std::string& website = "", const std::string& country = "") {
    CompanyIndex::Put(sql(), org, "deal", id, Describe(name, website, country));
  }
  std::vector<std::string> Found(const std::string& org, const std::string& name,
                                 std::size_t per_key = 200) {
    std::vector<std::string> ids;
    for (const auto& candidate :
         CompanyIndex::Find(sql(), org, Describe(name), kPossibleConflict, per_key)) {
      ids.push_back(candidate.record_id);
    }
    return ids;
  }

  std::unique_ptr<db::testing::TestDatabase> test_;
  std::unique_ptr<db::Database::Lease> lease_;
};

TEST_F(CompanyIndexTest, FindsTheSameCompanyBestFirstAndNotItsNamesakes) {
  Put("vendor-a", "d1", "ACME Logistics GmbH", "acme-logistics.de", "DE");
  Put("vendor-a", "d2", "Acme Labs Inc.");
  Put("vendor-a", "d3", "Acme Logistcs");
  const auto found =
      CompanyIndex::Find(sql(), "vendor-a", Describe("Acme Logistics"), kPossibleConflict);
  ASSERT_EQ(found.size(), 2U);
  EXPECT_EQ(found[0].record_id, "d1");
  EXPECT_DOUBLE_EQ(found[0].similarity.score, 1.0);
  EXPECT_EQ(found[1].record_id, "d3");
  EXPECT_FALSE(found[1].similarity.reasons.empty());
}

TEST_F(CompanyIndexTest, KeepsEachOrganisationsRecordsApart) {
  Put("vendor-a", "d1", "Globex Corporation");
  Put("vendor-b", "d2", "Globex Corp.");
  EXPECT_EQ(Found("vendor-a", "Globex"), std::vector<std::string>{"d1"});
  EXPECT_EQ(Found("vendor-b", "Globex"), std::vector<std::string>{"d2"});
}

TEST_F(CompanyIndexTest, PutReplacesAndRemoveForgets) {
  Put("vendor-a", "d1", "Initech");
  Put("vendor-a", "d1", "Umbrella Corporation");
  EXPECT_TRUE(Found("vendor-a", "Initech").empty());
  EXPECT_EQ(Found("vendor-a", "Umbrella"), std::vector<std::string>{"d1"});
  CompanyIndex::Remove(sql(), "vendor-a", "deal", "d1");
  EXPECT_TRUE(Found("vendor-a", "Umbrella").empty());
}

TEST_F(CompanyIndexTest, ACommonWordDoesNotHideTheExactName) {
  for (int i = 0; i < 120; ++i) {
    Put("vendor-a", "n" + std::to_string(i), "Acme Part " + std::to_string(i));
  }
  Put("vendor-a", "target", "Acme Zeta Ltd");
  // Only 20 records per key are read, so "acme" alone cannot reach the target: its full name
  // does.
  EXPECT_EQ(Found("vendor-a", "ACME Zeta", 20), std::vector<std::string>{"target"});
}

TEST_F(CompanyIndexTest, ArabicScriptAndItsRomanisationMeetEitherWay) {
  // Many names share the initials they meet on; those are not read for a Latin name.
  for (int i = 0; i < 30; ++i)
    Put("vendor-a", "b" + std::to_string(i), "Blue Meadow " + std::to_string(i));
  Put("vendor-a", "arabic", "بنك مسقط");
  Put("vendor-b", "latin", "Bank Muscat");
  EXPECT_EQ(Found("vendor-a", "Bank Muscat", 20), std::vector<std::string>{"arabic"});
  EXPECT_EQ(Found("vendor-b", "بنك مسقط"), std::vector<std::string>{"latin"});
}

TEST_F(CompanyIndexTest, PutManyAddsAndReplacesAsPutDoesEach) {
  Put("vendor-a", "kept", "Initech Systems");
  Put("vendor-a", "renamed", "Umbrella Corporation");
  std::vector<std::pair<std::string, Company>> records;
  records.emplace_back("renamed", Describe("Hooli Labs"));
  for (int i = 0; i < 250; ++i) {
    records.emplace_back("many-" + std::to_string(i),
                         Describe("Company " + std::to_string(i) + " Widgets"));
  }
  CompanyIndex::PutMany(sql(), "vendor-a", "deal", records);
  EXPECT_EQ(Found("vendor-a", "Hooli Labs"), std::vector<std::string>{"renamed"});
  EXPECT_TRUE(Found("vendor-a", "Umbrella Corporation").empty());
  EXPECT_EQ(Found("vendor-a", "Initech Systems"), std::vector<std::string>{"kept"});
  EXPECT_EQ(Found("vendor-a", "Company 249 Widgets").front(), "many-249");
  EXPECT_TRUE(Found("vendor-b", "Hooli Labs").empty());
  // A record put one by one afterwards replaces its keys as well.
  Put("vendor-a", "many-7", "Stark Industries");
  EXPECT_EQ(Found("vendor-a", "Stark Industries"), std::vector<std::string>{"many-7"});
  CompanyIndex::Remove(sql(), "vendor-a", "deal", "many-7");
  EXPECT_TRUE(Found("vendor-a", "Stark Industries").empty());
}

}  // namespace
}  // namespace strata::matching
