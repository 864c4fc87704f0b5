// Notifications over HTTP: each organisation's own, inside each member's scopes, read per
// organisation.
#include "notifications/notifications.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <set>

#include "test_app.h"

namespace strata::api_testing {
namespace {

std::string OrgId(const SignedIn& who) {
  return std::string(who.body.at("org").at("id").as_string());
}

class NotificationsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    partner_ = app_.SignUp("pat@partner.test", {"reseller"}, "Partner Ltd");
    other_ = app_.SignUp("oz@other.test", {"reseller"}, "Other Ltd");
    vendor_x_ = OrgId(app_.SignUp("x@vendor-x.test", {"vendor"}, "Vendor X"));
    vendor_y_ = OrgId(app_.SignUp("y@vendor-y.test", {"vendor"}, "Vendor Y"));
    scoped_ =
        Join("sue@partner.test", "viewer", R"({"regions":[],"vendors":[")" + vendor_x_ + R"("]})");
  }

  SignedIn Join(const std::string& email, const std::string& role, const std::string& scopes) {
    auto invited = app_.Call(
        partner_, "POST", "/api/v1/member-invitations",
        R"({"email":")" + email + R"(","role":")" + role + R"(","scopes":)" + scopes + "}");
    EXPECT_EQ(invited.status, 201) << invited.body;
    const std::string token = TokenAfter(app_.LatestMailTo(email), "/join/");
    auto joined =
        app_.Post("/api/v1/auth/signup", R"({"email":")" + email +
                                             R"(","password":"correct horse battery","name":"Sue",)"
                                             R"("invitation":")" +
                                             token + "\"}");
    EXPECT_EQ(joined.status, 201) << joined.body;
    return SignedInFrom(joined);
  }

  // Adds a notification as the deals module does, inside a transaction of its own.
  void Notify(const std::string& org_id, const std::string& title,
              std::optional<std::string> vendor) {
    db::Database& database = app_.app().database();
    auto lease = database.Acquire();
    ASSERT_TRUE(lease);
    db::Transaction transaction(**lease, database.dialect());
    notifications::Notify(**lease,
                          {org_id, "deal.registered", title, std::nullopt, std::move(vendor), ""});
    transaction.Commit();
  }

  json::value List(const SignedIn& who, const std::string& query = "") {
    auto listed = app_.Call(who, "GET", "/api/v1/notifications" + query);
    EXPECT_EQ(listed.status, 200) << listed.body;
    return listed.status == 200 ? listed.Json() : json::value();
  }

  std::vector<std::string> Titles(const json::value& page) {
    std::vector<std::string> titles;
    for (const auto& item : page.at("items").as_array())
      titles.emplace_back(item.at("title").as_string());
    return titles;
  }

  RawResponse MarkRead(const SignedIn& who, const std::string& body) {
    return app_.Call(who, "POST", "/api/v1/notifications/read", body);
  }

  TestApp app_;
  SignedIn partner_;
  SignedIn other_;
  SignedIn scoped_;
  std::string vendor_x_;
  std::string vendor_y_;
};

TEST_F(NotificationsApiTest, ListsTheOrganisationsOwnNewestFirstPageByPage) {
  EXPECT_EQ(List(partner_), json::parse(R"({"items":[],"next_cursor":null,"unread":0})"));
  Notify(OrgId(partner_), "first", vendor_x_);
  Notify(OrgId(partner_), "second", vendor_y_);
  Notify(OrgId(partner_), "third", std::nullopt);
  Notify(OrgId(other_), "elsewhere", vendor_x_);

  const json::value page = List(partner_, "?limit=2");
  EXPECT_EQ(Titles(page), (std::vector<std::string>{"third", "second"}));
  EXPECT_EQ(page.at("unread").as_int64(), 3);
  const json::value& item = page.at("items").at(0);
  EXPECT_EQ(item.at("kind").as_string(), "deal.registered");
  EXPECT_TRUE(item.at("deal_id").is_null());
  EXPECT_TRUE(item.at("read_at").is_null());
  EXPECT_FALSE(item.as_object().contains("vendor_org_id"));
  const std::string cursor(page.at("next_cursor").as_string());
  const json::value rest = List(partner_, "?limit=2&cursor=" + cursor);
  EXPECT_EQ(Titles(rest), std::vector<std::string>{"first"});
  EXPECT_TRUE(rest.at("next_cursor").is_null());

  EXPECT_EQ(Titles(List(other_)), std::vector<std::string>{"elsewhere"});
  // Scoped to vendor X: only what is about X; a notification about no vendor is not.
  const json::value scoped = List(scoped_);
  EXPECT_EQ(Titles(scoped), std::vector<std::string>{"first"});
  EXPECT_EQ(scoped.at("unread").as_int64(), 1);

  EXPECT_EQ(app_.Get("/api/v1/notifications").status, 401);
}

TEST_F(NotificationsApiTest, MarksReadByIdOrAllForTheWholeOrganisation) {
  Notify(OrgId(partner_), "x", vendor_x_);
  Notify(OrgId(partner_), "y", vendor_y_);
  Notify(OrgId(other_), "foreign", vendor_x_);
  const json::value page = List(partner_);
  const std::string y(page.at("items").at(0).at("id").as_string());
  const std::string x(page.at("items").at(1).at("id").as_string());
  const std::string foreign(List(other_).at("items").at(0).at("id").as_string());

  // A scoped viewer marks what it sees; the rest of what it names is ignored and not counted.
  auto marked = MarkRead(
      scoped_, R"({"ids":[")" + x + R"(",")" + y + R"(",")" + foreign + R"(","no-such-id"]})");
  ASSERT_EQ(marked.status, 200) << marked.body;
  EXPECT_EQ(marked.Json(), json::parse(R"({"marked":1})"));
  const json::value after = List(partner_);
  EXPECT_EQ(after.at("unread").as_int64(), 1);
  EXPECT_FALSE(after.at("items").at(1).at("read_at").is_null());
  EXPECT_EQ(Titles(List(partner_, "?unread=true")), std::vector<std::string>{"y"});
  EXPECT_EQ(Titles(List(partner_, "?unread=false")).size(), 2U);
  EXPECT_EQ(List(other_).at("unread").as_int64(), 1);

  EXPECT_EQ(MarkRead(partner_, R"({"all":true})").Json(), json::parse(R"({"marked":1})"));
  EXPECT_EQ(MarkRead(partner_, R"({"all":true})").Json(), json::parse(R"({"marked":0})"));
  EXPECT_EQ(List(partner_).at("unread").as_int64(), 0);
  EXPECT_EQ(List(other_).at("unread").as_int64(), 1);
}

TEST_F(NotificationsApiTest, RefusesWhatIsNotExactlyIdsOrAll) {
  for (const char* body : {R"({})", R"({"ids":[],"all":true})", R"({"all":false})",
                           R"({"all":"yes"})", R"({"ids":"x"})", R"({"ids":[1]})", R"([])"}) {
    auto refused = MarkRead(partner_, body);
    EXPECT_EQ(refused.status, 400) << body;
    EXPECT_EQ(refused.Header("content-type"), "application/problem+json");
  }
  json::array many;
  for (int i = 0; i < 201; ++i) many.emplace_back("id-" + std::to_string(i));
  EXPECT_EQ(MarkRead(partner_, json::serialize(json::object{{"ids", many}})).status, 400);
  EXPECT_EQ(MarkRead(partner_, R"({"ids":[]})").Json(), json::parse(R"({"marked":0})"));
  auto text = Fetch(app_.port(), "POST", "/api/v1/notifications/read", "all",
                    {{"Cookie", partner_.cookie},
                     {"X-CSRF-Token", partner_.csrf},
                     {"Content-Type", "text/plain"}});
  EXPECT_EQ(text.status, 415);
  for (const char* query : {"?unread=yes", "?limit=0", "?limit=201", "?limit=x"}) {
    EXPECT_EQ(app_.Call(partner_, "GET", std::string("/api/v1/notifications") + query).status, 400)
        << query;
  }
  EXPECT_EQ(app_.Post("/api/v1/notifications/read", R"({"all":true})").status, 401);
}

}  // namespace
}  // namespace strata::api_testing
