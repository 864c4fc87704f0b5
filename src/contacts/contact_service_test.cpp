#include <gtest/gtest.h>
#include <soci/soci.h>

#include "contacts/contacts.h"
#include "db/migrations.h"
#include "db/query.h"
#include "db/rows.h"
#include "db/testing/test_database.h"
#include "identity/token_hash.h"
#include "mail/memory_mailbox.h"
#include "network/network.h"

namespace strata::contacts {
namespace {

// Runs on SQLite, or on PostgreSQL under scripts/with-postgres.sh.
class ContactServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_ = db::testing::TestDatabase::Create(2);
    ASSERT_TRUE(db::Migrate(test_->database(), db::BuiltinMigrations()));
    network_ = std::make_unique<network::NetworkService>(
        test_->database(), mailer_, "https://strata.test", std::string(40, 'k'));
    service_ = std::make_unique<ContactService>(test_->database(), *network_, hasher_);
    gate_ = std::make_unique<MarketingGate>(*service_);
    for (const auto& [id, kinds] : std::vector<std::pair<std::string, std::string>>{
             {"partner", "reseller"}, {"other", "reseller"}, {"vendor", "vendor"}}) {
      Execute(
          "INSERT INTO orgs (id, name, kinds, created_at, updated_at)"
          " VALUES (:id, :name, :kinds, 0, 0)",
          db::Parameters().Text("id", id).Text("name", id).Text("kinds", kinds));
    }
    Execute(
        "INSERT INTO users (id, email, name, password_hash, password_changed_at, created_at,"
        " updated_at) VALUES ('user-partner', 'admin@partner.example', 'Admin', 'x', 0, 0, 0)",
        {});
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

  static access::Actor Member(const std::string& org, access::Role role = access::Role::kAdmin,
                              access::Scopes scopes = {}) {
    return access::Actor::User("user-" + org, org, role, std::move(scopes));
  }

  Contact Add(const std::string& email, const std::string& region = "",
              const access::Actor& actor = Member("partner")) {
    auto created = service_->Create(actor, {.email = email,
                                            .first_name = "Anna",
                                            .company = "Nordwind GmbH",
                                            .country = "DE",
                                            .region = region});
    EXPECT_TRUE(created) << created.error().message;
    return created ? *created : Contact{};
  }

  ConsentEntry Grant(const std::string& contact_id, Source source = Source::kForm) {
    auto entry = service_->RecordConsent(Member("partner"), contact_id,
                                         {.purpose = "email_marketing",
                                          .source = source,
                                          .text = "Yes, send me news from Nordwind.",
                                          .ip = "192.0.2.10",
                                          .form = "newsletter footer"});
    EXPECT_TRUE(entry) << entry.error().message;
    return entry ? *entry : ConsentEntry{};
  }

  std::unique_ptr<db::testing::TestDatabase> test_;
  mail::MemoryMailbox mailer_;
  identity::TokenHasher hasher_{std::string(40, 's')};
  std::unique_ptr<network::NetworkService> network_;
  std::unique_ptr<ContactService> service_;
  std::unique_ptr<MarketingGate> gate_;
};

TEST_F(ContactServiceTest, OneContactPerAddressAndOrganisation) {
  const Contact anna = Add("Anna@Example.com");
  EXPECT_EQ(anna.fields.email, "anna@example.com");
  auto again = service_->Create(Member("partner"), {.email = "ANNA@example.com"});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::Errc::kConflict);
  // Another organisation keeps its own contact for the same person.
  EXPECT_TRUE(service_->Create(Member("other"), {.email = "anna@example.com"}));
}

TEST_F(ContactServiceTest, NoOtherOrganisationSeesAContact) {
  const Contact anna = Add("anna@example.com");
  for (const char* org : {"other", "vendor"}) {
    auto got = service_->Get(Member(org), anna.id);
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().code, core::Errc::kNotFound);
    auto page = service_->List(Member(org), {});
    ASSERT_TRUE(page);
    EXPECT_TRUE(page->items.empty());
    EXPECT_EQ(page->total, 0);
    EXPECT_FALSE(service_->Update(Member(org), anna.id, {.first_name = "X"}));
    EXPECT_FALSE(service_->RecordConsent(Member(org), anna.id,
                                         {.purpose = "email_marketing", .text = "yes"}));
  }
  EXPECT_EQ(service_->Delete(Member("other"), anna.id).error().code, core::Errc::kNotFound);
  EXPECT_TRUE(service_->Get(Member("partner"), anna.id));
}

TEST_F(ContactServiceTest, ARegionScopedMemberSeesItsRegionsOnly) {
  const Contact north = Add("north@example.com", "North");
  const Contact south = Add("south@example.com", "South");
  const auto scoped = Member("partner", access::Role::kMember, {.regions = {"North"}});
  auto page = service_->List(scoped, {});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1U);
  EXPECT_EQ(page->items[0].id, north.id);
  EXPECT_FALSE(service_->Get(scoped, south.id));
  auto outside = service_->Create(scoped, {.email = "west@example.com", .region = "West"});
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().fields.at(0).field, "region");
  EXPECT_EQ(service_->Suppressions(scoped, "", 50, std::nullopt).error().code,
            core::Errc::kForbidden);
  EXPECT_EQ(service_->Export(scoped, "north@example.com").error().code, core::Errc::kForbidden);
}

TEST_F(ContactServiceTest, ViewersOnlyRead) {
  const auto viewer = Member("partner", access::Role::kViewer);
  EXPECT_EQ(service_->Create(viewer, {.email = "x@example.com"}).error().code,
            core::Errc::kForbidden);
  EXPECT_TRUE(service_->List(viewer, {}));
}

TEST_F(ContactServiceTest, SearchesAndFilters) {
  Add("anna@example.com");
  auto bob = service_->Create(Member("partner"), {.email = "bob@example.org",
                                                  .first_name = "Björn",
                                                  .company = "Fjord AB",
                                                  .country = "SE",
                                                  .attributes = {{"industry", "retail"}}});
  ASSERT_TRUE(bob);
  const auto find = [&](ContactFilter filter) {
    auto page = service_->List(Member("partner"), {.filter = std::move(filter)});
    EXPECT_TRUE(page) << page.error().message;
    return page ? page->total : -1;
  };
  EXPECT_EQ(find({.text = "bjorn"}), 1) << "search folds accents";
  EXPECT_EQ(find({.text = "EXAMPLE"}), 2);
  EXPECT_EQ(find({.countries = {"SE"}}), 1);
  EXPECT_EQ(find({.attributes = {{"industry", "retail"}}}), 1);
  EXPECT_EQ(find({.consent = ConsentState::kNone}), 2);
  EXPECT_EQ(find({.suppressed = true}), 0);
  EXPECT_EQ(find({.text = "100%_"}), 0) << "LIKE wildcards are literal";

  // Pages follow one another without overlap.
  for (int i = 0; i < 5; ++i) Add("p" + std::to_string(i) + "@example.net");
  auto first = service_->List(Member("partner"), {.limit = 4});
  ASSERT_TRUE(first && first->next_cursor);
  auto second = service_->List(Member("partner"), {.limit = 4, .cursor = first->next_cursor});
  ASSERT_TRUE(second);
  EXPECT_EQ(first->items.size() + second->items.size(), 7U);
  EXPECT_EQ(second->total, 7);
}

TEST_F(ContactServiceTest, TheLedgerOnlyGrowsAndVersionsTheWording) {
  const Contact anna = Add("anna@example.com");
  const ConsentEntry first = Grant(anna.id);
  EXPECT_EQ(first.text_version, 1);
  EXPECT_EQ(first.controllers, (std::vector<std::string>{"partner"}));
  auto withdrawn =
      service_->RecordConsent(Member("partner"), anna.id,
                              {.purpose = "email_marketing", .action = ConsentAction::kWithdrawn});
  ASSERT_TRUE(withdrawn) << withdrawn.error().message;
  auto renewed = service_->RecordConsent(
      Member("partner"), anna.id,
      {.purpose = "email_marketing", .text = "Yes, send me news from Nordwind and its vendors."});
  ASSERT_TRUE(renewed);
  EXPECT_EQ(renewed->text_version, 2);
  auto detail = service_->Get(Member("partner"), anna.id);
  ASSERT_TRUE(detail);
  ASSERT_EQ(detail->consents.size(), 3U);
  EXPECT_EQ(detail->consents[0].id, renewed->id) << "newest first";
  EXPECT_EQ(detail->contact.email_marketing, ConsentState::kGranted);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM consent_texts"), 2);

  // A controller the partner does not work with is refused.
  auto stranger = service_->RecordConsent(
      Member("partner"), anna.id,
      {.purpose = "email_marketing", .text = "yes", .controllers = {"vendor"}});
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().fields.at(0).field, "controllers");
}

TEST_F(ContactServiceTest, TheGateHonoursSuppressionConsentAndTheCap) {
  const Contact anna = Add("anna@example.com");
  const core::Timestamp now = core::Timestamp::Now();
  EXPECT_EQ(*gate_->Check("partner", "anna@example.com", now), Verdict::kNoConsent);
  Grant(anna.id);
  EXPECT_EQ(*gate_->Check("partner", "ANNA@example.com", now), Verdict::kAllowed);

  ASSERT_TRUE(service_->SetCap(Member("partner"), FrequencyCap{2, 7}));
  ASSERT_TRUE(gate_->RecordSend("partner", "anna@example.com", "vendor", "c1", now));
  EXPECT_EQ(*gate_->Check("partner", "anna@example.com", now), Verdict::kAllowed);
  ASSERT_TRUE(gate_->RecordSend("partner", "anna@example.com", std::nullopt, "c2", now));
  EXPECT_EQ(*gate_->Check("partner", "anna@example.com", now), Verdict::kCapped)
      << "two emails from two senders reach the cap together";
  const core::Timestamp next_week = now + std::int64_t{8} * 86'400 * core::kMicrosPerSecond;
  EXPECT_EQ(*gate_->Check("partner", "anna@example.com", next_week), Verdict::kAllowed);

  // An unsubscription from one vendor's campaign stops them all, until the person opts in again.
  ASSERT_TRUE(service_->Suppress(Member("partner"), {.email = "anna@example.com",
                                                     .reason = SuppressionReason::kUnsubscribed,
                                                     .vendor_org_id = "vendor"}));
  EXPECT_EQ(*gate_->Check("partner", "anna@example.com", next_week), Verdict::kSuppressed);
  auto detail = service_->Get(Member("partner"), anna.id);
  EXPECT_EQ(detail->contact.suppression, "unsubscribed");
  auto page = service_->Suppressions(Member("partner"), "", 50, std::nullopt);
  ASSERT_EQ(page->items.size(), 1U);
  auto lift = service_->Lift(Member("partner"), page->items[0].id, "asked by phone");
  ASSERT_FALSE(lift);
  EXPECT_EQ(lift.error().code, core::Errc::kConflict);
  Grant(anna.id, Source::kImport);
  EXPECT_EQ(*gate_->Check("partner", "anna@example.com", next_week), Verdict::kSuppressed)
      << "an imported consent is not the person opting in again";
  Grant(anna.id, Source::kForm);
  EXPECT_EQ(*gate_->Check("partner", "anna@example.com", next_week), Verdict::kAllowed);
  // Another organisation's list is its own.
  EXPECT_EQ(*gate_->Check("other", "anna@example.com", next_week), Verdict::kNoConsent);
}

TEST_F(ContactServiceTest, ErasureLeavesOnlyTheKeyedHash) {
  const Contact anna = Add("anna@example.com");
  Grant(anna.id);
  auto list = service_->CreateList(Member("partner"), "Newsletter", ListKind::kList, {});
  ASSERT_TRUE(list);
  ASSERT_EQ(
      *service_->Bulk(Member("partner"),
                      {.action = BulkAction::kAddToList, .ids = {anna.id}, .list_id = list->id}),
      1);
  auto before = service_->Export(Member("partner"), "Anna@Example.com");
  ASSERT_TRUE(before) << before.error().message;
  ASSERT_EQ(before->contacts.size(), 1U);
  EXPECT_EQ(before->contacts[0].lists.size(), 1U);
  EXPECT_EQ(before->consents.size(), 1U);

  auto erased = service_->Erase(Member("partner"), "anna@example.com");
  ASSERT_TRUE(erased) << erased.error().message;
  EXPECT_EQ(erased->contacts.size(), 1U);
  EXPECT_FALSE(service_->Get(Member("partner"), anna.id));
  auto after = service_->Export(Member("partner"), "anna@example.com");
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->contacts.empty());
  for (const auto& entry : after->consents) {
    EXPECT_FALSE(entry.contact_id);
    EXPECT_TRUE(entry.ip.empty());
    EXPECT_TRUE(entry.form.empty());
  }
  EXPECT_EQ(after->consents.front().action, ConsentAction::kErased);
  ASSERT_EQ(after->suppressions.size(), 1U);
  EXPECT_EQ(after->suppressions[0].reason, SuppressionReason::kErased);
  EXPECT_FALSE(after->suppressions[0].email);
  EXPECT_EQ(*gate_->Check("partner", "anna@example.com", core::Timestamp::Now()),
            Verdict::kSuppressed);
  // Nothing in the database holds the address any more.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contacts WHERE email = 'anna@example.com'"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM suppressions WHERE email IS NOT NULL"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM consents WHERE evidence_ip <> ''"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%anna@%'"), 0);
  auto requests = service_->PrivacyRequests(Member("partner"));
  ASSERT_TRUE(requests);
  ASSERT_EQ(requests->size(), 3U);
  EXPECT_EQ(requests->front().email_masked, "a***@example.com");
  // A new contact with the address is possible, but the address stays suppressed.
  Add("anna@example.com");
  EXPECT_EQ(*gate_->Check("partner", "anna@example.com", core::Timestamp::Now()),
            Verdict::kSuppressed);
}

TEST_F(ContactServiceTest, SegmentsFilterAndListsHoldMembers) {
  const Contact anna = Add("anna@example.com");
  Add("bob@example.com");
  Grant(anna.id);
  auto segment = service_->CreateList(Member("partner"), "Opted in", ListKind::kSegment,
                                      {.consent = ConsentState::kGranted});
  ASSERT_TRUE(segment) << segment.error().message;
  auto lists = service_->Lists(Member("partner"));
  ASSERT_TRUE(lists);
  ASSERT_EQ(lists->size(), 1U);
  EXPECT_EQ(lists->front().size, 1);
  auto members = service_->List(Member("partner"), {.filter = {.list_id = segment->id}});
  ASSERT_TRUE(members);
  ASSERT_EQ(members->items.size(), 1U);
  EXPECT_EQ(members->items[0].id, anna.id);
  EXPECT_FALSE(service_->GetList(Member("other"), segment->id));
  EXPECT_EQ(service_->CreateList(Member("partner"), "Empty", ListKind::kSegment, {})
                .error()
                .fields.at(0)
                .field,
            "filter");
  EXPECT_EQ(service_->CreateList(Member("partner"), "Opted in", ListKind::kList, {}).error().code,
            core::Errc::kConflict);
}

}  // namespace
}  // namespace strata::contacts
