#include <gtest/gtest.h>
#include <soci/soci.h>

#include <set>

#include "db/migrations.h"
#include "db/query.h"
#include "db/testing/test_database.h"
#include "notifications/notifications.h"

namespace strata::notifications {
namespace {

// Runs on SQLite, or on PostgreSQL under scripts/with-postgres.sh.
class NotificationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_ = db::testing::TestDatabase::Create(2);
    ASSERT_TRUE(db::Migrate(test_->database(), db::BuiltinMigrations()));
    service_ = std::make_unique<NotificationService>(test_->database());
    auto lease = test_->database().Acquire();
    ASSERT_TRUE(lease);
    for (const char* org : {"partner", "vendor-x", "vendor-y", "other"}) {
      db::Execute(**lease,
                  "INSERT INTO orgs (id, name, kinds, created_at, updated_at)"
                  " VALUES (:id, :name, 'reseller', 0, 0)",
                  db::Parameters().Text("id", org).Text("name", org));
    }
  }

  // Adds a notification in a transaction of its own; answers its title.
  std::string Add(const std::string& org, const std::string& title,
                  std::optional<std::string> vendor, const std::string& region) {
    auto lease = test_->database().Acquire();
    EXPECT_TRUE(lease);
    db::Transaction transaction(**lease, test_->database().dialect());
    Notify(**lease, {org, "deal.registered", title, "deal-" + title, std::move(vendor), region});
    transaction.Commit();
    return title;
  }

  static access::Actor Member(const std::string& org, access::Scopes scopes = {},
                              access::Role role = access::Role::kMember) {
    return access::Actor::User("user-" + org, org, role, std::move(scopes));
  }

  // The titles the actor sees, over every page.
  std::vector<std::string> Titles(const access::Actor& actor, Show show = Show::kAll,
                                  int limit = 2) {
    std::vector<std::string> titles;
    std::optional<std::string> cursor;
    do {
      auto page = service_->List(actor, show, limit, cursor);
      EXPECT_TRUE(page) << page.error().message;
      if (!page) break;
      for (const auto& item : page->items) titles.push_back(item.title);
      cursor = page->next_cursor;
    } while (cursor);
    return titles;
  }

  std::int64_t Unread(const access::Actor& actor) {
    auto page = service_->List(actor, Show::kAll, 1, std::nullopt);
    EXPECT_TRUE(page);
    return page ? page->unread : -1;
  }

  std::string IdOf(const access::Actor& actor, const std::string& title) {
    auto page = service_->List(actor, Show::kAll, 200, std::nullopt);
    for (const auto& item : page->items) {
      if (item.title == title) return item.id;
    }
    ADD_FAILURE() << "no notification " << title;
    return "";
  }

  std::unique_ptr<db::testing::TestDatabase> test_;
  std::unique_ptr<NotificationService> service_;
};

TEST_F(NotificationServiceTest, ListsNewestFirstPageByPageWithTheUnreadCount) {
  for (const char* title : {"a", "b", "c", "d", "e"}) Add("partner", title, "vendor-x", "EMEA");
  Add("other", "elsewhere", "vendor-x", "EMEA");
  const auto member = Member("partner");
  EXPECT_EQ(Titles(member), (std::vector<std::string>{"e", "d", "c", "b", "a"}));
  auto page = service_->List(member, Show::kAll, 2, std::nullopt);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->unread, 5);
  ASSERT_EQ(page->items.size(), 2U);
  EXPECT_EQ(page->items[0].kind, "deal.registered");
  EXPECT_EQ(page->items[0].deal_id, "deal-e");
  EXPECT_FALSE(page->items[0].read_at);
  EXPECT_GT(page->items[0].created_at.micros(), 0);
  EXPECT_EQ(Titles(Member("other")), std::vector<std::string>{"elsewhere"});
  EXPECT_TRUE(Titles(Member("vendor-y")).empty());
}

TEST_F(NotificationServiceTest, AScopedMemberSeesOnlyNotificationsInsideItsScopes) {
  Add("partner", "x-emea", "vendor-x", "EMEA");
  Add("partner", "x-apac", "vendor-x", "APAC");
  Add("partner", "y-emea", "vendor-y", "EMEA");
  Add("partner", "x-no-region", "vendor-x", "");
  Add("partner", "no-vendor", std::nullopt, "EMEA");
  Add("partner", "nothing", std::nullopt, "");

  EXPECT_EQ(Titles(Member("partner")),
            (std::vector<std::string>{"nothing", "no-vendor", "x-no-region", "y-emea", "x-apac",
                                      "x-emea"}));
  // NULL is in no list: a notification about no vendor reaches unscoped members only.
  EXPECT_EQ(Titles(Member("partner", {.vendors = {"vendor-x"}})),
            (std::vector<std::string>{"x-no-region", "x-apac", "x-emea"}));
  EXPECT_EQ(Titles(Member("partner", {.regions = {"EMEA"}})),
            (std::vector<std::string>{"no-vendor", "y-emea", "x-emea"}));
  EXPECT_EQ(Titles(Member("partner", {.regions = {"EMEA", "APAC"}, .vendors = {"vendor-x"}})),
            (std::vector<std::string>{"x-apac", "x-emea"}));
  EXPECT_EQ(Unread(Member("partner", {.regions = {"APAC"}})), 1);
  // Departments do not limit notifications.
  EXPECT_EQ(Titles(Member("partner", {.departments = {"Sales"}})).size(), 6U);
}

TEST_F(NotificationServiceTest, ReadStateIsTheOrganisationsAndOnlyVisibleOnesAreMarked) {
  Add("partner", "x", "vendor-x", "EMEA");
  Add("partner", "y", "vendor-y", "EMEA");
  Add("other", "foreign", "vendor-x", "EMEA");
  const auto unscoped = Member("partner");
  const auto scoped = Member("partner", {.vendors = {"vendor-x"}}, access::Role::kViewer);
  const std::string x = IdOf(unscoped, "x");
  const std::string y = IdOf(unscoped, "y");
  const std::string foreign = IdOf(Member("other"), "foreign");

  // The scoped viewer names all three; only the one it sees is marked.
  auto marked = service_->MarkRead(scoped, {x, y, foreign, "not-an-id", x});
  ASSERT_TRUE(marked) << marked.error().message;
  EXPECT_EQ(*marked, 1);
  EXPECT_EQ(Unread(unscoped), 1);
  EXPECT_EQ(Titles(unscoped, Show::kUnreadOnly), std::vector<std::string>{"y"});
  EXPECT_EQ(Unread(Member("other")), 1);
  // Marking again changes nothing and counts nothing.
  EXPECT_EQ(*service_->MarkRead(unscoped, {x}), 0);
  auto page = service_->List(unscoped, Show::kAll, 10, std::nullopt);
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->items[1].read_at);
  EXPECT_FALSE(page->items[0].read_at);

  // "All" by the scoped member leaves what it does not see unread.
  Add("partner", "x2", "vendor-x", "EMEA");
  EXPECT_EQ(*service_->MarkAllRead(scoped), 1);
  EXPECT_EQ(Titles(unscoped, Show::kUnreadOnly), std::vector<std::string>{"y"});
  EXPECT_EQ(*service_->MarkAllRead(unscoped), 1);
  EXPECT_EQ(Unread(unscoped), 0);
  EXPECT_EQ(Unread(Member("other")), 1);
}

TEST_F(NotificationServiceTest, ANotificationRollsBackWithItsTransaction) {
  {
    auto lease = test_->database().Acquire();
    ASSERT_TRUE(lease);
    db::Transaction transaction(**lease, test_->database().dialect());
    Notify(**lease, {"partner", "deal.approved", "never", std::nullopt, std::nullopt, ""});
  }
  EXPECT_TRUE(Titles(Member("partner")).empty());
}

TEST_F(NotificationServiceTest, RefusesTheSystemActorAndTooManyIds) {
  EXPECT_EQ(service_->List(access::Actor::System(), Show::kAll, 10, std::nullopt).error().code,
            core::Errc::kInvalidArgument);
  EXPECT_EQ(service_->MarkAllRead(access::Actor::System()).error().code,
            core::Errc::kInvalidArgument);
  const std::vector<std::string> many(NotificationService::kMaxMarkedIds + 1, "id");
  auto refused = service_->MarkRead(Member("partner"), many);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields.at(0).field, "ids");
  EXPECT_EQ(*service_->MarkRead(Member("partner"), {}), 0);
}

}  // namespace
}  // namespace strata::notifications
