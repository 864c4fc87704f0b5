// API tokens over HTTP: shown once, Bearer without CSRF, the token's role, revocation.
#include <gtest/gtest.h>

#include "test_app.h"

namespace strata::api_testing {
namespace {

RawResponse WithToken(const TestApp& app, const std::string& token, const std::string& method,
                      const std::string& target, const std::string& body = "") {
  return Fetch(app.port(), method, target, body, {{"Authorization", "Bearer " + token}});
}

TEST(ApiTokenTest, ATokenIsShownOnceAndActsWithoutCsrfUntilRevoked) {
  TestApp app;
  const SignedIn owner = app.SignUp("olga@vendor.test");
  app.SignUp("rita@reseller.test", {"reseller"}, "Rita's");
  auto issued =
      app.Call(owner, "POST", "/api/v1/api-tokens", R"({"name":"CRM sync","role":"admin"})");
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_EQ(issued.Header("cache-control"), "no-store");
  const json::value created = issued.Json();
  const std::string token(created.at("token").as_string());
  ASSERT_EQ(token.rfind("strata_", 0), 0U);
  EXPECT_EQ(token.rfind(std::string(created.at("prefix").as_string()), 0), 0U);

  // Listed without its secret, not yet used.
  auto list = app.Call(owner, "GET", "/api/v1/api-tokens");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(token), std::string::npos);
  EXPECT_TRUE(list.Json().at("items").at(0).at("last_used_at").is_null());

  auto me = WithToken(app, token, "GET", "/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json().at("role").as_string(), "admin");
  EXPECT_EQ(me.Json().at("org").at("id"), owner.body.at("org").at("id"));
  // A write needs no CSRF token.
  auto invited = WithToken(app, token, "POST", "/api/v1/relationships",
                           R"({"email":"rita@reseller.test","kind":"reseller"})");
  EXPECT_EQ(invited.status, 201) << invited.body;
  EXPECT_FALSE(app.Call(owner, "GET", "/api/v1/api-tokens")
                   .Json()
                   .at("items")
                   .at(0)
                   .at("last_used_at")
                   .is_null());
  // The audit trail says which token made the change.
  const json::value trail = app.Call(owner, "GET", "/api/v1/audit-events").Json();
  bool attributed = false;
  for (const auto& event : trail.at("items").as_array()) {
    if (event.at("action") == "relationship.invited") {
      attributed = event.at("detail").at("via_api_token") == created.at("id");
    }
  }
  EXPECT_TRUE(attributed) << trail;
  // A token has no session to end or move.
  EXPECT_EQ(WithToken(app, token, "POST", "/api/v1/auth/logout", "{}").status, 400);

  const std::string id(created.at("id").as_string());
  ASSERT_EQ(app.Call(owner, "DELETE", "/api/v1/api-tokens/" + id).status, 204);
  EXPECT_EQ(WithToken(app, token, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(app.Call(owner, "DELETE", "/api/v1/api-tokens/" + id).status, 404);
}

TEST(ApiTokenTest, AViewerTokenCannotWriteAndOnlyAdminsIssueTokens) {
  TestApp app;
  const SignedIn owner = app.SignUp("olga@vendor.test");
  auto issued =
      app.Call(owner, "POST", "/api/v1/api-tokens", R"({"name":"Dashboard","role":"viewer"})");
  ASSERT_EQ(issued.status, 201);
  const std::string token(issued.Json().at("token").as_string());
  EXPECT_EQ(WithToken(app, token, "GET", "/api/v1/relationships").status, 200);
  EXPECT_EQ(WithToken(app, token, "POST", "/api/v1/relationships",
                      R"({"email":"x@reseller.test","kind":"reseller"})")
                .status,
            403);
  EXPECT_EQ(WithToken(app, token, "GET", "/api/v1/api-tokens").status, 403);

  auto owner_role =
      app.Call(owner, "POST", "/api/v1/api-tokens", R"({"name":"Root","role":"owner"})");
  EXPECT_EQ(owner_role.status, 400);
  auto unnamed = app.Call(owner, "POST", "/api/v1/api-tokens", R"({"name":"  "})");
  ASSERT_EQ(unnamed.status, 400);
  EXPECT_TRUE(unnamed.Json().at("errors").as_object().contains("name"));

  EXPECT_EQ(WithToken(app, "strata_" + std::string(64, '0'), "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(
      Fetch(app.port(), "GET", "/api/v1/me", "", {{"Authorization", "Basic b2xnYTp4"}}).status,
      401);
  // Another organisation's token id is not found.
  const SignedIn other = app.SignUp("eve@other.test");
  EXPECT_EQ(app.Call(other, "DELETE",
                     "/api/v1/api-tokens/" + std::string(issued.Json().at("id").as_string()))
                .status,
            404);
}

// A member scoped to some vendors cannot widen its view by issuing a token: the token carries
// the member's scopes.
TEST(ApiTokenTest, ATokenSeesNoMoreThanTheScopedMemberWhoIssuedIt) {
  TestApp app;
  const SignedIn acme = app.SignUp("olga@acme.test", {"vendor"}, "Acme");
  const SignedIn globex = app.SignUp("gus@globex.test", {"vendor"}, "Globex");
  const SignedIn shop = app.SignUp("rita@shop.test", {"reseller"}, "Shop");
  const std::string shop_id(shop.body.at("org").at("id").as_string());
  const std::string acme_id(acme.body.at("org").at("id").as_string());
  for (const SignedIn* vendor : {&acme, &globex}) {
    auto invited = app.Call(*vendor, "POST", "/api/v1/relationships",
                            R"({"kind":"reseller","org_id":")" + shop_id + "\"}");
    ASSERT_EQ(invited.status, 201) << invited.body;
    ASSERT_EQ(app.Call(shop, "POST",
                       "/api/v1/relationships/" + std::string(invited.Json().at("id").as_string()) +
                           "/accept")
                  .status,
              200);
  }
  auto invitation = app.Call(
      shop, "POST", "/api/v1/member-invitations",
      R"({"email":"sam@shop.test","role":"admin","scopes":{"vendors":[")" + acme_id + R"("]}})");
  ASSERT_EQ(invitation.status, 201) << invitation.body;
  const std::string link = TokenAfter(app.LatestMailTo("sam@shop.test"), "/join/");
  auto joined = app.Post("/api/v1/auth/signup",
                         R"({"email":"sam@shop.test","password":"correct horse battery",)"
                         R"("name":"Sam","invitation":")" +
                             link + "\"}");
  ASSERT_EQ(joined.status, 201) << joined.body;
  const SignedIn sam = SignedInFrom(joined);
  ASSERT_EQ(app.Call(sam, "GET", "/api/v1/relationships").Json().at("items").as_array().size(), 1U);

  auto issued = app.Call(sam, "POST", "/api/v1/api-tokens", R"({"name":"sync","role":"admin"})");
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string token(issued.Json().at("token").as_string());
  const auto seen = WithToken(app, token, "GET", "/api/v1/relationships").Json();
  ASSERT_EQ(seen.at("items").as_array().size(), 1U) << seen;
  EXPECT_EQ(seen.at("items").as_array()[0].at("upstream").at("id").as_string(), acme_id);
  const auto me = WithToken(app, token, "GET", "/api/v1/me").Json();
  EXPECT_EQ(me.at("scopes").at("vendors").as_array().size(), 1U) << me;
}

}  // namespace
}  // namespace strata::api_testing
