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

}  // namespace
}  // namespace strata::api_testing
