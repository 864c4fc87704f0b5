// Webhook endpoints over HTTP: public targets only, each organisation's own, read by unscoped
// members and changed by owners and admins.
#include <gtest/gtest.h>

#include <set>

#include "test_app.h"

namespace strata::api_testing {
namespace {

class WebhooksApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owner_ = app_.SignUp("wes@acme.test", {"vendor"}, "Acme");
    other_ = app_.SignUp("oz@other.test", {"reseller"}, "Other Ltd");
    viewer_ = Join("vic@acme.test", "viewer", R"({"regions":[],"vendors":[]})");
    emea_ = Join("emma@acme.test", "admin", R"({"regions":["EMEA"],"vendors":[]})");
  }

  // A new person joins the owner's organisation with `role` and `scopes`.
  SignedIn Join(const std::string& email, const std::string& role, const std::string& scopes) {
    auto invited = app_.Call(
        owner_, "POST", "/api/v1/member-invitations",
        R"({"email":")" + email + R"(","role":")" + role + R"(","scopes":)" + scopes + "}");
    EXPECT_EQ(invited.status, 201) << invited.body;
    const std::string token = TokenAfter(app_.LatestMailTo(email), "/join/");
    auto joined = app_.Post("/api/v1/auth/signup",
                            R"({"email":")" + email +
                                R"(","password":"correct horse battery","name":"Member",)"
                                R"("invitation":")" +
                                token + "\"}");
    EXPECT_EQ(joined.status, 201) << joined.body;
    return SignedInFrom(joined);
  }

  TestApp app_;
  SignedIn owner_;
  SignedIn other_;
  SignedIn viewer_;
  SignedIn emea_;
};

TEST_F(WebhooksApiTest, RefusesInternalTargetsNamingTheUrl) {
  for (const char* url :
       {"http://127.0.0.1:8080/hooks", "http://localhost/hooks", "http://[::1]/hooks",
        "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/", "http://[::ffff:7f00:1]/",
        "ftp://203.0.113.10/", "not a url"}) {
    auto refused =
        app_.Call(owner_, "POST", "/api/v1/webhooks",
                  json::serialize(json::object{{"url", url}, {"events", json::array{"*"}}}));
    ASSERT_EQ(refused.status, 400) << url << ": " << refused.body;
    const json::value problem = refused.Json();
    ASSERT_TRUE(problem.at("errors").as_object().contains("url")) << refused.body;
    EXPECT_FALSE(problem.at("errors").at("url").as_string().empty());
  }
  auto bad_events = app_.Call(owner_, "POST", "/api/v1/webhooks",
                              R"({"url":"https://203.0.113.10/","events":["Not a kind"]})");
  ASSERT_EQ(bad_events.status, 400) << bad_events.body;
  EXPECT_TRUE(bad_events.Json().at("errors").as_object().contains("events"));
  auto listed = app_.Call(owner_, "GET", "/api/v1/webhooks");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_TRUE(listed.Json().at("items").as_array().empty());
}

TEST_F(WebhooksApiTest, CreatesListsReadsAndDeletesAnEndpoint) {
  auto created = app_.Call(owner_, "POST", "/api/v1/webhooks",
                           R"({"url":" https://203.0.113.10/crm/hooks ","description":"CRM",)"
                           R"("events":["lead.updated","lead.created"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const json::value endpoint = created.Json();
  const std::string id(endpoint.at("id").as_string());
  EXPECT_EQ(endpoint.at("url").as_string(), "https://203.0.113.10/crm/hooks");
  EXPECT_EQ(endpoint.at("events").as_array().size(), 2U);
  EXPECT_EQ(endpoint.at("events").at(0).as_string(), "lead.created");
  EXPECT_TRUE(endpoint.at("active").as_bool());
  const std::string secret(endpoint.at("secret").as_string());
  EXPECT_EQ(secret.rfind("whsec_", 0), 0U);

  // Unscoped members read it, without the secret; owners and admins may ask for it.
  for (const SignedIn* reader : {&owner_, &viewer_}) {
    auto listed = app_.Call(*reader, "GET", "/api/v1/webhooks");
    ASSERT_EQ(listed.status, 200) << listed.body;
    const json::value page = listed.Json();
    ASSERT_EQ(page.at("items").as_array().size(), 1U);
    EXPECT_TRUE(page.at("items").at(0).at("secret").is_null());
    auto one = app_.Call(*reader, "GET", "/api/v1/webhooks/" + id);
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(one.Json().at("description").as_string(), "CRM");
  }
  auto revealed = app_.Call(owner_, "GET", "/api/v1/webhooks/" + id + "?reveal_secret=true");
  ASSERT_EQ(revealed.status, 200) << revealed.body;
  EXPECT_EQ(revealed.Json().at("secret").as_string(), secret);
  EXPECT_EQ(app_.Call(viewer_, "GET", "/api/v1/webhooks/" + id + "?reveal_secret=true").status,
            403);
  EXPECT_EQ(app_.Call(viewer_, "PATCH", "/api/v1/webhooks/" + id, R"({"active":false})").status,
            403);
  // A member scoped to a region may not see what carries every region's data.
  EXPECT_EQ(app_.Call(emea_, "GET", "/api/v1/webhooks").status, 403);
  EXPECT_EQ(app_.Call(emea_, "GET", "/api/v1/webhooks/" + id).status, 403);

  auto paused = app_.Call(owner_, "PATCH", "/api/v1/webhooks/" + id, R"({"active":false})");
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_FALSE(paused.Json().at("active").as_bool());
  auto moved = app_.Call(owner_, "PATCH", "/api/v1/webhooks/" + id, R"({"url":"http://[::1]/"})");
  ASSERT_EQ(moved.status, 400) << moved.body;
  EXPECT_TRUE(moved.Json().at("errors").as_object().contains("url"));

  auto rotated = app_.Call(owner_, "POST", "/api/v1/webhooks/" + id + "/rotate-secret");
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  EXPECT_NE(rotated.Json().at("secret").as_string(), secret);
  EXPECT_EQ(rotated.Json().at("secret_version").as_int64(), 2);

  auto deliveries = app_.Call(viewer_, "GET", "/api/v1/webhooks/" + id + "/deliveries");
  ASSERT_EQ(deliveries.status, 200) << deliveries.body;
  EXPECT_TRUE(deliveries.Json().at("items").as_array().empty());

  ASSERT_EQ(app_.Call(owner_, "DELETE", "/api/v1/webhooks/" + id).status, 204);
  EXPECT_EQ(app_.Call(owner_, "GET", "/api/v1/webhooks/" + id).status, 404);
  EXPECT_EQ(app_.Call(owner_, "DELETE", "/api/v1/webhooks/" + id).status, 404);
}

TEST_F(WebhooksApiTest, AnotherOrganisationsEndpointIsNotThere) {
  auto created =
      app_.Call(owner_, "POST", "/api/v1/webhooks", R"({"url":"https://203.0.113.10/acme"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(created.Json().at("id").as_string());
  const std::string missing = "0190a5b2-0c3d-7e4f-8a1b-2c3d4e5f6a7b";
  for (const std::string& target : {id, missing}) {
    const std::string route = "/api/v1/webhooks/" + target;
    EXPECT_EQ(app_.Call(other_, "GET", route).status, 404);
    EXPECT_EQ(app_.Call(other_, "GET", route + "/deliveries").status, 404);
    EXPECT_EQ(app_.Call(other_, "PATCH", route, R"({"description":"mine"})").status, 404);
    EXPECT_EQ(app_.Call(other_, "POST", route + "/rotate-secret").status, 404);
    EXPECT_EQ(app_.Call(other_, "POST", route + "/ping").status, 404);
    EXPECT_EQ(app_.Call(other_, "DELETE", route).status, 404);
  }
  auto listed = app_.Call(other_, "GET", "/api/v1/webhooks");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_TRUE(listed.Json().at("items").as_array().empty());
  EXPECT_EQ(app_.Call(owner_, "GET", "/api/v1/webhooks/" + id).Json().at("description").as_string(),
            "");
}

}  // namespace
}  // namespace strata::api_testing
