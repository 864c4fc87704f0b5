// Teams over HTTP: invitations by email through the outbox, roles, scopes, the last owner, and
// switching between organisations.
#include <gtest/gtest.h>

#include "test_app.h"

namespace strata::api_testing {
namespace {

// Invites `email` into `admin`'s organisation and returns the token mailed to it.
std::string Invite(const TestApp& app, const SignedIn& admin, const std::string& email,
                   const std::string& role, const std::string& scopes = "null") {
  auto invited =
      app.Call(admin, "POST", "/api/v1/member-invitations",
               R"({"email":")" + email + R"(","role":")" + role + R"(","scopes":)" + scopes + "}");
  EXPECT_EQ(invited.status, 201) << invited.body;
  return TokenAfter(app.LatestMailTo(email), "/join/");
}

TEST(TeamTest, AnInvitedPersonJoinsWithTheRoleAndScopesItWasGiven) {
  TestApp app;
  const SignedIn owner = app.SignUp("olga@acme.test");
  const SignedIn ben = app.SignUp("ben@shop.test", {"reseller"}, "Ben's shop");
  const std::string token =
      Invite(app, owner, "ben@shop.test", "manager", R"({"regions":["EMEA"],"vendors":[]})");
  ASSERT_EQ(token.size(), 64U);

  auto accepted =
      app.Call(ben, "POST", "/api/v1/member-invitations/accept", R"({"token":")" + token + "\"}");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(accepted.Json().at("status").as_string(), "accepted");

  // Ben now holds two organisations and moves between them in one session.
  auto orgs = app.Call(ben, "GET", "/api/v1/me/orgs");
  ASSERT_EQ(orgs.status, 200);
  EXPECT_EQ(orgs.Json().at("items").as_array().size(), 2U);
  const std::string acme(owner.body.at("org").at("id").as_string());
  auto switched = app.Call(ben, "POST", "/api/v1/auth/switch-org", R"({"org_id":")" + acme + "\"}");
  ASSERT_EQ(switched.status, 200) << switched.body;
  auto me = app.Call(ben, "GET", "/api/v1/me").Json();
  EXPECT_EQ(me.at("org").at("id").as_string(), acme);
  EXPECT_EQ(me.at("role").as_string(), "manager");
  EXPECT_EQ(me.at("scopes").at("regions").as_array().at(0).as_string(), "EMEA");

  const json::value members = app.Call(owner, "GET", "/api/v1/members").Json();
  ASSERT_EQ(members.at("items").as_array().size(), 2U);
  // The token works once.
  EXPECT_EQ(
      app.Call(ben, "POST", "/api/v1/member-invitations/accept", R"({"token":")" + token + "\"}")
          .status,
      404);
}

TEST(TeamTest, AViewerCannotChangeTheTeam) {
  TestApp app;
  const SignedIn owner = app.SignUp("olga@acme.test");
  const SignedIn vic = app.SignUp("vic@elsewhere.test", {"reseller"}, "Vic's");
  const std::string token = Invite(app, owner, "vic@elsewhere.test", "viewer");
  ASSERT_EQ(
      app.Call(vic, "POST", "/api/v1/member-invitations/accept", R"({"token":")" + token + "\"}")
          .status,
      200);
  const std::string acme(owner.body.at("org").at("id").as_string());
  ASSERT_EQ(
      app.Call(vic, "POST", "/api/v1/auth/switch-org", R"({"org_id":")" + acme + "\"}").status,
      200);

  EXPECT_EQ(app.Call(vic, "GET", "/api/v1/members").status, 200);
  EXPECT_EQ(app.Call(vic, "GET", "/api/v1/member-invitations").status, 403);
  auto refused = app.Call(vic, "POST", "/api/v1/member-invitations",
                          R"({"email":"new@acme.test","role":"member"})");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(app.LatestMailTo("new@acme.test"), "");
  const std::string olga_id(owner.body.at("user").at("id").as_string());
  EXPECT_EQ(app.Call(vic, "DELETE", "/api/v1/members/" + olga_id).status, 403);
  EXPECT_EQ(app.Call(vic, "PATCH", "/api/v1/members/" + olga_id, R"({"role":"viewer"})").status,
            403);
}

TEST(TeamTest, TheLastOwnerStaysAndBadInputNamesItsFields) {
  TestApp app;
  const SignedIn owner = app.SignUp("olga@acme.test");
  const std::string olga_id(owner.body.at("user").at("id").as_string());
  auto demoted = app.Call(owner, "PATCH", "/api/v1/members/" + olga_id, R"({"role":"admin"})");
  EXPECT_EQ(demoted.status, 409) << demoted.body;
  EXPECT_EQ(app.Call(owner, "DELETE", "/api/v1/members/" + olga_id).status, 409);

  auto bad = app.Call(owner, "POST", "/api/v1/member-invitations",
                      R"({"email":7,"role":"emperor","scopes":{"planets":["Mars"]}})");
  ASSERT_EQ(bad.status, 400) << bad.body;
  std::set<std::string> fields;
  const json::value problem = bad.Json();
  for (const auto& error : problem.at("errors").as_object()) fields.emplace(error.key());
  EXPECT_EQ(fields, (std::set<std::string>{"email", "role", "scopes.planets"}));

  // Another organisation's member is not found, exactly like nobody.
  const SignedIn other = app.SignUp("eve@other.test");
  EXPECT_EQ(app.Call(other, "DELETE", "/api/v1/members/" + olga_id).status, 404);
  const std::string acme(owner.body.at("org").at("id").as_string());
  EXPECT_EQ(
      app.Call(other, "POST", "/api/v1/auth/switch-org", R"({"org_id":")" + acme + "\"}").status,
      404);
}

}  // namespace
}  // namespace strata::api_testing

namespace strata::api_testing {
namespace {

TEST(TeamTest, AScopedMemberSeesOnlyTheRelationshipsOfItsVendors) {
  TestApp app;
  const SignedIn reseller = app.SignUp("rita@reseller.test", {"reseller"}, "Rita's");
  const SignedIn acme = app.SignUp("olga@acme.test", {"vendor"}, "Acme");
  const SignedIn globex = app.SignUp("gil@globex.test", {"vendor"}, "Globex");
  std::map<std::string, std::string> edges;  // Vendor org id -> relationship id.
  for (const SignedIn* vendor : {&acme, &globex}) {
    auto invited = app.Call(*vendor, "POST", "/api/v1/relationships",
                            R"({"email":"rita@reseller.test","kind":"reseller"})");
    ASSERT_EQ(invited.status, 201) << invited.body;
    const std::string id(invited.Json().at("id").as_string());
    ASSERT_EQ(app.Call(reseller, "POST", "/api/v1/relationships/" + id + "/accept", "{}").status,
              200);
    edges[std::string(vendor->body.at("org").at("id").as_string())] = id;
  }
  const std::string acme_id(acme.body.at("org").at("id").as_string());
  const std::string globex_id(globex.body.at("org").at("id").as_string());

  // Sam joins Rita's team scoped to Acme.
  ASSERT_EQ(app.Call(reseller, "POST", "/api/v1/member-invitations",
                     R"({"email":"sam@reseller.test","role":"member","scopes":{"vendors":[")" +
                         acme_id + R"("]}})")
                .status,
            201);
  const std::string token = TokenAfter(app.LatestMailTo("sam@reseller.test"), "/join/");
  auto joined = app.Post("/api/v1/auth/signup",
                         R"({"email":"sam@reseller.test","password":"correct horse battery",)"
                         R"("name":"Sam","invitation":")" +
                             token + R"("})");
  ASSERT_EQ(joined.status, 201) << joined.body;
  const SignedIn sam = SignedInFrom(joined);

  const json::value list = app.Call(sam, "GET", "/api/v1/relationships").Json();
  ASSERT_EQ(list.at("items").as_array().size(), 1U);
  EXPECT_EQ(list.at("items").at(0).at("id").as_string(), edges[acme_id]);
  EXPECT_EQ(app.Call(sam, "GET", "/api/v1/relationships/" + edges[acme_id]).status, 200);
  EXPECT_EQ(app.Call(sam, "GET", "/api/v1/relationships/" + edges[globex_id]).status, 404);
  const json::value vendors = app.Call(sam, "GET", "/api/v1/vendors").Json();
  ASSERT_EQ(vendors.at("items").as_array().size(), 1U);
  EXPECT_EQ(vendors.at("items").at(0).at("vendor").at("id").as_string(), acme_id);
  // Rita, unscoped, sees both.
  EXPECT_EQ(app.Call(reseller, "GET", "/api/v1/vendors").Json().at("items").as_array().size(), 2U);
}

TEST(TeamTest, AChangeAnswersTheWholeMemberAndATokenCannotJoinATeam) {
  TestApp app;
  const SignedIn owner = app.SignUp("olga@acme.test");
  const SignedIn ben = app.SignUp("ben@shop.test", {"reseller"}, "Ben's shop");
  const std::string token = Invite(app, owner, "ben@shop.test", "member");
  auto issued = app.Call(ben, "POST", "/api/v1/api-tokens", R"({"name":"crm","role":"admin"})");
  ASSERT_EQ(issued.status, 201) << issued.body;
  SignedIn integration;
  integration.api_token = std::string(issued.Json().at("token").as_string());
  EXPECT_EQ(app.Call(integration, "POST", "/api/v1/member-invitations/accept",
                     R"({"token":")" + token + "\"}")
                .status,
            400);
  ASSERT_EQ(
      app.Call(ben, "POST", "/api/v1/member-invitations/accept", R"({"token":")" + token + "\"}")
          .status,
      200);

  const std::string ben_id(ben.body.at("user").at("id").as_string());
  auto changed = app.Call(owner, "PATCH", "/api/v1/members/" + ben_id, R"({"role":"manager"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.Json().at("email").as_string(), "ben@shop.test");
  EXPECT_EQ(changed.Json().at("name").as_string(), "Ann Lee");
  EXPECT_EQ(changed.Json().at("role").as_string(), "manager");
}

}  // namespace
}  // namespace strata::api_testing
