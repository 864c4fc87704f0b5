#include "contacts/contact_import.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <fstream>

#include "core/ids.h"
#include "db/migrations.h"
#include "db/query.h"
#include "db/rows.h"
#include "db/testing/test_database.h"
#include "identity/token_hash.h"
#include "jobs/jobs.h"
#include "mail/memory_mailbox.h"
#include "network/network.h"

namespace strata::contacts {
namespace {

// Runs on SQLite, or on PostgreSQL under scripts/with-postgres.sh.
class ContactImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_ = db::testing::TestDatabase::Create(2);
    ASSERT_TRUE(db::Migrate(test_->database(), db::BuiltinMigrations()));
    network_ = std::make_unique<network::NetworkService>(
        test_->database(), mailer_, "https://strata.test", std::string(40, 'k'));
    contacts_ = std::make_unique<ContactService>(test_->database(), *network_, hasher_);
    jobs_ = std::make_unique<jobs::JobStore>(test_->database());
    spool_ = std::filesystem::temp_directory_path() / ("strata-import-" + core::RandomHex(6));
    std::filesystem::create_directories(spool_);
    importer_ = std::make_unique<ContactImporter>(test_->database(), *contacts_, *jobs_, spool_,
                                                  [this] { ++wakes_; });
    for (const char* id : {"partner", "other"}) {
      Execute(
          "INSERT INTO orgs (id, name, kinds, created_at, updated_at)"
          " VALUES (:id, :id2, 'reseller', 0, 0)",
          db::Parameters().Text("id", id).Text("id2", id));
    }
  }

  void TearDown() override { std::filesystem::remove_all(spool_); }

  void Execute(const std::string& sql, const db::Parameters& parameters) {
    auto lease = test_->database().Acquire();
    ASSERT_TRUE(lease);
    db::Execute(**lease, sql, parameters);
  }

  std::int64_t Count(const std::string& sql) {
    auto lease = test_->database().Acquire();
    std::int64_t count = -1;
    db::ForEachRow(**lease, sql, {}, [&](const soci::row& row) { count = db::RowInteger(row, 0); });
    return count;
  }

  static access::Actor Owner(const std::string& org = "partner") {
    return access::Actor::User("user-" + org, org, access::Role::kOwner, {});
  }

  // Writes `bytes` as an uploaded file and hands it to the importer.
  core::Result<ContactImport> Upload(const std::string& bytes,
                                     const std::optional<ImportSettings>& settings = std::nullopt) {
    const auto path = spool_ / ("upload-" + core::RandomHex(4));
    std::ofstream(path, std::ios::binary) << bytes;
    return importer_->Upload(Owner(), path, "contacts.csv", settings);
  }

  ContactImport RunToEnd(const std::string& id) {
    EXPECT_TRUE(importer_->Run(id));
    auto done = importer_->Get(Owner(), id);
    EXPECT_TRUE(done) << done.error().message;
    return done ? *done : ContactImport{};
  }

  std::unique_ptr<db::testing::TestDatabase> test_;
  mail::MemoryMailbox mailer_;
  identity::TokenHasher hasher_{std::string(40, 's')};
  std::unique_ptr<network::NetworkService> network_;
  std::unique_ptr<ContactService> contacts_;
  std::unique_ptr<jobs::JobStore> jobs_;
  std::filesystem::path spool_;
  std::unique_ptr<ContactImporter> importer_;
  int wakes_ = 0;
};

TEST(SuggestMapping, ReadsCommonHeaders) {
  const ColumnMapping mapping =
      SuggestMapping({"E-Mail", "Vorname", "Nachname", "Firma", "Notes", "Country code"});
  EXPECT_EQ(mapping, (ColumnMapping{{"email", "E-Mail"},
                                    {"first_name", "Vorname"},
                                    {"last_name", "Nachname"},
                                    {"company", "Firma"},
                                    {"country", "Country code"}}));
}

TEST_F(ContactImportTest, ReadsTheEncodingDelimiterHeaderAndFirstRows) {
  // Windows-1252 with semicolons, as a German spreadsheet saves it.
  auto uploaded = Upload("E-Mail;Vorname;Firma\r\nanna@example.com;J\xFCrgen;M\xFCller GmbH\r\n");
  ASSERT_TRUE(uploaded) << uploaded.error().message;
  EXPECT_EQ(uploaded->status, ImportStatus::kUploaded);
  EXPECT_EQ(uploaded->delimiter, ';');
  EXPECT_EQ(uploaded->header, (std::vector<std::string>{"E-Mail", "Vorname", "Firma"}));
  ASSERT_EQ(uploaded->preview.size(), 1U);
  EXPECT_EQ(uploaded->preview[0][1], "J\xC3\xBCrgen");
  EXPECT_EQ(uploaded->mapping.at("email"), "E-Mail");
  EXPECT_EQ(wakes_, 0) << "nothing runs before the mapping is chosen";

  auto started = importer_->Start(Owner(), uploaded->id, {.mapping = uploaded->mapping});
  ASSERT_TRUE(started) << started.error().message;
  EXPECT_EQ(started->status, ImportStatus::kQueued);
  EXPECT_EQ(wakes_, 1);
  const ContactImport done = RunToEnd(uploaded->id);
  EXPECT_EQ(done.status, ImportStatus::kCompleted);
  EXPECT_EQ(done.rows_imported, 1);
  auto page = contacts_->List(Owner(), {});
  ASSERT_EQ(page->items.size(), 1U);
  EXPECT_EQ(page->items[0].fields.company, "M\xC3\xBCller GmbH");
  EXPECT_EQ(page->items[0].source, Source::kImport);
}

TEST_F(ContactImportTest, ABadRowAnywhereImportsNothingAndIsReportedWithItsLine) {
  std::string csv = "email,first,phone\n";
  for (int i = 0; i < 2500; ++i) {
    csv += "p" + std::to_string(i) + "@example.com,Pat,+49 30 1234567\n";
  }
  csv += "not-an-address,Bad,\n";                               // Line 2502.
  csv += "\"q@example.com\",\"two\nlines\",+1 415 555 0100\n";  // Lines 2503-2504.
  csv += "p7@example.com,Again,\n";                             // Line 2505: p7 is on line 9.
  auto uploaded = Upload(csv, ImportSettings{.mapping = {{"email", "email"}, {"phone", "phone"}}});
  ASSERT_TRUE(uploaded) << uploaded.error().message;
  EXPECT_EQ(uploaded->status, ImportStatus::kQueued);
  const ContactImport done = RunToEnd(uploaded->id);
  EXPECT_EQ(done.status, ImportStatus::kRejected);
  EXPECT_EQ(done.rows_total, 2503);
  EXPECT_EQ(done.rows_rejected, 2);
  ASSERT_EQ(done.rejected.size(), 2U);
  EXPECT_EQ(done.rejected[0].line, 2502);
  EXPECT_EQ(done.rejected[0].field, "email");
  EXPECT_EQ(done.rejected[0].reason, "email is not an email address");
  EXPECT_EQ(done.rejected[1].line, 2505);
  EXPECT_EQ(done.rejected[1].reason, "is the same address as line 9");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contacts"), 0) << "all or nothing";
  EXPECT_EQ(done.rows_imported, 0) << "the batches written before line 2502 were rolled back";
  EXPECT_FALSE(done.preview.empty()) << "the file is kept to start again";

  // Another mapping cannot fix these rows; a corrected file can.
  ASSERT_TRUE(importer_->Cancel(Owner(), done.id));
  EXPECT_EQ(importer_->Start(Owner(), done.id, {.mapping = {{"email", "email"}}}).error().code,
            core::Errc::kConflict);
}

TEST_F(ContactImportTest, AMappingIsCheckedAgainstTheHeader) {
  auto uploaded = Upload("Mail,Name\na@example.com,Ann\n");
  ASSERT_TRUE(uploaded);
  auto wrong = importer_->Start(Owner(), uploaded->id,
                                {.mapping = {{"first_name", "Mail"}, {"shoe_size", "Name"}}});
  ASSERT_FALSE(wrong);
  std::set<std::string> fields;
  for (const auto& problem : wrong.error().fields) fields.insert(problem.field);
  EXPECT_EQ(fields, (std::set<std::string>{"mapping.email", "mapping.shoe_size"}));
  EXPECT_FALSE(
      importer_->Get(access::Actor::User("u", "other", access::Role::kOwner, {}), uploaded->id))
      << "another organisation's import is not found";
  const auto viewer = access::Actor::User("v", "partner", access::Role::kViewer, {});
  EXPECT_EQ(importer_->Start(viewer, uploaded->id, {.mapping = {{"email", "Mail"}}}).error().code,
            core::Errc::kForbidden);
}

TEST_F(ContactImportTest, StoredAddressesAreUpdatedOrSkippedAndConsentAndListFollow) {
  ASSERT_TRUE(contacts_->Create(Owner(), {.email = "ann@example.com", .first_name = "Old"}));
  auto list = contacts_->CreateList(Owner(), "Imported", ListKind::kList, {});
  ASSERT_TRUE(list);
  const std::string csv =
      "email,first_name,industry\nANN@example.com,Ann,retail\nbo@example.com,Bo,\n";
  auto skipped =
      Upload(csv, ImportSettings{.mapping = {{"email", "email"}, {"first_name", "first_name"}},
                                 .on_duplicate = OnDuplicate::kSkip});
  ASSERT_TRUE(skipped);
  ContactImport done = RunToEnd(skipped->id);
  EXPECT_EQ(done.status, ImportStatus::kCompleted);
  EXPECT_EQ(done.rows_imported, 1);
  EXPECT_EQ(done.rows_skipped, 1);
  auto ann = contacts_->List(Owner(), {.filter = {.text = "ann@"}});
  EXPECT_EQ(ann->items.at(0).fields.first_name, "Old");

  auto updated =
      Upload(csv, ImportSettings{.mapping = {{"email", "email"},
                                             {"first_name", "first_name"},
                                             {"attributes.industry", "industry"}},
                                 .consent = ConsentInput{.purpose = "email_marketing",
                                                         .text = "Yes, news from Partner."},
                                 .list_id = list->id});
  ASSERT_TRUE(updated) << updated.error().message;
  done = RunToEnd(updated->id);
  EXPECT_EQ(done.status, ImportStatus::kCompleted) << done.error.value_or("");
  EXPECT_EQ(done.rows_updated, 2);
  ann = contacts_->List(Owner(), {.filter = {.text = "ann@"}});
  EXPECT_EQ(ann->items.at(0).fields.first_name, "Ann");
  EXPECT_EQ(ann->items.at(0).fields.attributes.at("industry"), "retail");
  EXPECT_EQ(ann->items.at(0).email_marketing, ConsentState::kGranted);
  auto members = contacts_->List(Owner(), {.filter = {.list_id = list->id}});
  EXPECT_EQ(members->total, 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM consents WHERE source = 'import'"), 2);
}

TEST_F(ContactImportTest, AnUnreadableLineIsReported) {
  auto uploaded = Upload("email\na@example.com\n\"b@example.com\n",
                         ImportSettings{.mapping = {{"email", "email"}}});
  ASSERT_TRUE(uploaded);
  const ContactImport done = RunToEnd(uploaded->id);
  EXPECT_EQ(done.status, ImportStatus::kRejected);
  ASSERT_EQ(done.rejected.size(), 1U);
  EXPECT_EQ(done.rejected[0].line, 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contacts"), 0);
}

}  // namespace
}  // namespace strata::contacts
