// The audit trail records who did what, when and from where, and shows each organisation its own.
#include <gtest/gtest.h>

#include "test_app.h"

namespace strata::api_testing {
namespace {

struct Account {
  std::string cookie;
  std::string csrf;
  std::string org_id;
};

Account SignUp(const TestApp& app, const std::string& email, const std::string& kind) {
  auto response =
      app.Post("/api/v1/auth/signup", R"({"email":")" + email +
                                          R"(","password":"correct horse battery","name":"N",)"
                                          R"("org":{"name":"O","kinds":[")" +
                                          kind + R"("]}})");
  EXPECT_EQ(response.status, 201);
  const auto body = response.Json();
  const std::string cookie = response.Header("set-cookie");
  return {cookie.substr(0, cookie.find(';')), std::string(body.at("csrf_token").as_string()),
          std::string(body.at("org").at("id").as_string())};
}

TEST(AuditTest, RecordsChangesWithTheirRequestAndKeepsEachTrailToItsOrganisation) {
  TestApp app;
  Account vendor = SignUp(app, "v@example.com", "vendor");
  Account reseller = SignUp(app, "r@example.com", "reseller");
  auto invited = Fetch(app.port(), "POST", "/api/v1/relationships",
                       R"({"email":"r@example.com","kind":"reseller"})",
                       {{"Cookie", vendor.cookie},
                        {"X-CSRF-Token", vendor.csrf},
                        {"X-Request-Id", "trace-abc-123"}});
  ASSERT_EQ(invited.status, 201) << invited.body;
  const std::string relationship_id(invited.Json().at("id").as_string());

  auto trail = Fetch(app.port(), "GET", "/api/v1/audit-events", "", {{"Cookie", vendor.cookie}});
  ASSERT_EQ(trail.status, 200) << trail.body;
  const json::value body = trail.Json();
  const auto& items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 3U);
  // Newest first.
  EXPECT_EQ(items[0].at("action"), "relationship.invited");
  EXPECT_EQ(items[0].at("target_id").as_string(), relationship_id);
  EXPECT_EQ(items[0].at("request_id"), "trace-abc-123");
  EXPECT_EQ(items[0].at("remote_address"), "127.0.0.1");
  EXPECT_EQ(items[0].at("detail").at("kind"), "reseller");
  EXPECT_EQ(items[1].at("action"), "user.signed_in");
  EXPECT_EQ(items[2].at("action"), "org.created");
  for (const auto& item : items) EXPECT_EQ(item.at("org_id").as_string(), vendor.org_id);
  EXPECT_EQ(trail.body.find("correct horse"), std::string::npos);

  // The reseller's trail holds its own sign-up only: the vendor's invitation is in the vendor's.
  auto other = Fetch(app.port(), "GET", "/api/v1/audit-events", "", {{"Cookie", reseller.cookie}});
  ASSERT_EQ(other.status, 200);
  EXPECT_EQ(other.Json().at("items").as_array().size(), 2U);
  EXPECT_EQ(other.body.find(relationship_id), std::string::npos);
  EXPECT_EQ(app.Get("/api/v1/audit-events").status, 401);
}

TEST(AuditTest, TheCsvExportHoldsTheTrailAndNeutralisesFormulas) {
  TestApp app;
  // An email address may legally start with "=": a spreadsheet must not run it.
  const SignedIn owner = app.SignUp("=2+5@acme.test");
  const auto exported = app.Call(owner, "GET", "/api/v1/audit-events/export");
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_EQ(exported.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(exported.Header("content-disposition"), "attachment; filename=\"audit-events.csv\"");
  const std::string& csv = exported.body;
  EXPECT_TRUE(csv.starts_with(
      "at,actor_email,action,target_type,target_id,remote_address,request_id,detail\r\n"))
      << csv;
  EXPECT_NE(csv.find(",'=2+5@acme.test,user.signed_in,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'=2+5@acme.test,org.created,"), std::string::npos) << csv;
  EXPECT_EQ(csv.find(",=2+5@acme.test"), std::string::npos) << csv;

  // Members who may not read the trail may not export it.
  auto issued = app.Call(owner, "POST", "/api/v1/api-tokens", R"({"name":"ro","role":"viewer"})");
  ASSERT_EQ(issued.status, 201) << issued.body;
  SignedIn viewer;
  viewer.api_token = std::string(issued.Json().at("token").as_string());
  EXPECT_EQ(app.Call(viewer, "GET", "/api/v1/audit-events/export").status, 403);
  EXPECT_EQ(app.Get("/api/v1/audit-events/export").status, 401);
}

}  // namespace
}  // namespace strata::api_testing
