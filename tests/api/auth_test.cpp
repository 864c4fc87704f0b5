// Sign-up, log-in, the session cookie, CSRF and throttling over HTTP.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <cctype>
#include <set>

#include "db/query.h"
#include "test_app.h"

namespace strata::api_testing {
namespace {

TEST(AuthTest, SignupAnswersTheContractShapeAndSetsAHardenedCookie) {
  TestApp app;
  const std::string body =
      R"({"email":"ann@example.com","password":"correct horse battery","name":"Ann Lee",)"
      R"("org":{"name":"Acme Networks","kinds":["vendor"]}})";
  auto response = app.Post("/api/v1/auth/signup", body);
  ASSERT_EQ(response.status, 201) << response.body;
  auto json = response.Json();
  EXPECT_EQ(json.at("user").at("email"), "ann@example.com");
  EXPECT_EQ(json.at("org").at("name"), "Acme Networks");
  EXPECT_EQ(json.at("org").at("kinds").at(0), "vendor");
  EXPECT_FALSE(json.at("org").at("id").as_string().empty());
  EXPECT_FALSE(json.at("csrf_token").as_string().empty());
  const std::string cookie = response.Header("set-cookie");
  EXPECT_EQ(cookie.rfind("strata_session=", 0), 0U);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "not behind TLS here";
}

TEST(AuthTest, BadSignupGetsPerFieldMessages) {
  TestApp app;
  auto response = app.Post("/api/v1/auth/signup",
                           R"({"email":"nope","password":"short","name":"","org":{"kinds":"x"}})");
  ASSERT_EQ(response.status, 400);
  auto errors = response.Json().at("errors").as_object();
  for (const char* field : {"email", "password", "name", "org.name", "org.kinds"}) {
    EXPECT_TRUE(errors.contains(field)) << field << " in " << response.body;
  }
  EXPECT_EQ(app.Post("/api/v1/auth/signup", "[]").status, 400);
}

TEST(AuthTest, MeLoginAndLogout) {
  TestApp app;
  SignedIn ann = app.SignUp("ann@example.com");
  auto me = Fetch(app.port(), "GET", "/api/v1/me", "", {{"Cookie", ann.cookie}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json().at("role"), "owner");
  EXPECT_EQ(me.Json().at("user").at("email"), "ann@example.com");
  EXPECT_TRUE(me.Json().at("scopes").at("regions").as_array().empty());
  EXPECT_EQ(app.Get("/api/v1/me").status, 401);

  auto login = app.Post("/api/v1/auth/login",
                        R"({"email":"ANN@example.com","password":"correct horse battery"})");
  ASSERT_EQ(login.status, 200);
  const std::string second = SignedInFrom(login).cookie;
  const std::string csrf(login.Json().at("csrf_token").as_string());

  auto logout = Fetch(app.port(), "POST", "/api/v1/auth/logout", "{}",
                      {{"Cookie", second}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(logout.status, 204);
  EXPECT_NE(logout.Header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Fetch(app.port(), "GET", "/api/v1/me", "", {{"Cookie", second}}).status, 401);
  EXPECT_EQ(Fetch(app.port(), "GET", "/api/v1/me", "", {{"Cookie", ann.cookie}}).status, 200);
}

TEST(AuthTest, LoggingOutEverywhereEndsEverySessionButNotTheTokens) {
  TestApp app;
  const SignedIn here = app.SignUp("ann@example.com");
  const SignedIn phone = SignedInFrom(app.Post(
      "/api/v1/auth/login", R"({"email":"ann@example.com","password":"correct horse battery"})"));
  auto issued = app.Call(here, "POST", "/api/v1/api-tokens", R"({"name":"ci","role":"admin"})");
  ASSERT_EQ(issued.status, 201) << issued.body;
  SignedIn token;
  token.api_token = std::string(issued.Json().at("token").as_string());
  // A token has no session to end.
  EXPECT_EQ(app.Call(token, "POST", "/api/v1/auth/logout-everywhere").status, 400);

  auto out = app.Call(here, "POST", "/api/v1/auth/logout-everywhere");
  ASSERT_EQ(out.status, 204) << out.body;
  EXPECT_NE(out.Header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(app.Call(here, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(app.Call(phone, "GET", "/api/v1/me").status, 401);
  // Integrations keep working: tokens are revoked on their own page.
  EXPECT_EQ(app.Call(token, "GET", "/api/v1/me").status, 200);
}

// Session ids and API tokens are 256 bits from libsodium's CSPRNG: 64 hex digits, never
// repeated, with ones and zeros in balance.
TEST(AuthTest, SessionIdsAndTokensCarry256RandomBits) {
  TestApp app;
  const SignedIn ann = app.SignUp("ann@example.com");
  std::vector<std::string> secrets;
  for (int i = 0; i < 40; ++i) {
    const auto login = app.Post(
        "/api/v1/auth/login", R"({"email":"ann@example.com","password":"correct horse battery"})");
    ASSERT_EQ(login.status, 200);
    const std::string cookie = SignedInFrom(login).cookie;
    secrets.push_back(cookie.substr(cookie.find('=') + 1));
    const auto issued = app.Call(ann, "POST", "/api/v1/api-tokens",
                                 R"({"name":"t)" + std::to_string(i) + R"(","role":"viewer"})");
    ASSERT_EQ(issued.status, 201);
    const std::string token(issued.Json().at("token").as_string());
    ASSERT_TRUE(token.starts_with("strata_")) << token;
    secrets.push_back(token.substr(7));
  }
  std::set<std::string> distinct(secrets.begin(), secrets.end());
  EXPECT_EQ(distinct.size(), secrets.size());
  long ones = 0;
  long bits = 0;
  for (const auto& secret : secrets) {
    ASSERT_EQ(secret.size(), 64U) << secret;
    for (char c : secret) {
      ASSERT_TRUE(std::isxdigit(static_cast<unsigned char>(c))) << secret;
      ones += __builtin_popcount(static_cast<unsigned>(std::stoi(std::string(1, c), nullptr, 16)));
      bits += 4;
    }
  }
  // 20,480 fair bits: the share of ones lies within ±3% of a half (about seven deviations).
  const double share = static_cast<double>(ones) / static_cast<double>(bits);
  EXPECT_GT(share, 0.47);
  EXPECT_LT(share, 0.53);
}

TEST(AuthTest, MutatingWithoutTheCsrfTokenIs403) {
  TestApp app;
  SignedIn ann = app.SignUp("ann@example.com");
  auto missing = Fetch(app.port(), "POST", "/api/v1/auth/logout", "{}", {{"Cookie", ann.cookie}});
  EXPECT_EQ(missing.status, 403);
  EXPECT_EQ(missing.Header("content-type"), "application/problem+json");
  auto wrong = Fetch(app.port(), "POST", "/api/v1/auth/logout", "{}",
                     {{"Cookie", ann.cookie}, {"X-CSRF-Token", std::string(48, 'a')}});
  EXPECT_EQ(wrong.status, 403);
  // The session survived both attempts.
  EXPECT_EQ(Fetch(app.port(), "GET", "/api/v1/me", "", {{"Cookie", ann.cookie}}).status, 200);
}

TEST(AuthTest, TwentyWrongPasswordsInARowAreThrottled) {
  TestApp app;
  app.SignUp("ann@example.com");
  int unauthorised = 0;
  int throttled = 0;
  for (int i = 0; i < 20; ++i) {
    auto response =
        app.Post("/api/v1/auth/login", R"({"email":"ann@example.com","password":"wrong guess )" +
                                           std::to_string(i) + R"("})");
    if (response.status == 401) ++unauthorised;
    if (response.status == 429) {
      ++throttled;
      EXPECT_NE(response.Json().at("detail").as_string().find("try again in"), std::string::npos);
    }
  }
  EXPECT_EQ(unauthorised, 5);
  EXPECT_EQ(throttled, 15);
  auto right = app.Post("/api/v1/auth/login",
                        R"({"email":"ann@example.com","password":"correct horse battery"})");
  EXPECT_EQ(right.status, 429) << "locked out even with the right password";
}

TEST(AuthTest, DuplicateEmailIs409WithTheField) {
  TestApp app;
  app.SignUp("ann@example.com");
  const std::string body =
      R"({"email":"Ann@Example.com","password":"another good password","name":"Ann",)"
      R"("org":{"name":"Other","kinds":["reseller"]}})";
  auto response = app.Post("/api/v1/auth/signup", body);
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(response.Json().at("errors").at("email"), "is already registered");
}

}  // namespace
}  // namespace strata::api_testing

namespace strata::api_testing {
namespace {

// Reads every text column of every row of `table` as one string.
std::string TableText(TestApp& app, const std::string& table) {
  auto lease = app.app().database().Acquire();
  std::string text;
  db::ForEachRow(**lease, "SELECT * FROM " + table, db::Parameters(), [&](const soci::row& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (row.get_indicator(i) != soci::i_null &&
          row.get_properties(i).get_data_type() == soci::dt_string) {
        text += row.get<std::string>(i) + "\n";
      }
    }
  });
  return text;
}

TEST(AuthTest, NoPasswordSessionOrTokenIsStoredInClear) {
  TestApp app;
  SignedIn ann = app.SignUp("ann@example.com");
  auto login = app.Post("/api/v1/auth/login",
                        R"({"email":"ann@example.com","password":"correct horse battery"})");
  ASSERT_EQ(login.status, 200);
  app.Post("/api/v1/auth/login", R"({"email":"ann@example.com","password":"wrong horse battery"})");
  const std::string token = ann.cookie.substr(ann.cookie.find('=') + 1);
  // Every other kind of secret: an API token, invitation and reset links.
  auto issued = app.Call(ann, "POST", "/api/v1/api-tokens", R"({"name":"CRM sync"})");
  ASSERT_EQ(issued.status, 201);
  const std::string api_token(issued.Json().at("token").as_string());
  ASSERT_EQ(app.Call(ann, "POST", "/api/v1/member-invitations",
                     R"({"email":"ben@example.com","role":"member"})")
                .status,
            201);
  ASSERT_EQ(app.Call(ann, "POST", "/api/v1/relationships",
                     R"({"email":"new@partner.example","kind":"reseller"})")
                .status,
            201);
  ASSERT_EQ(app.Post("/api/v1/auth/password-reset", R"({"email":"ann@example.com"})").status, 202);
  const std::vector<std::string> links = {
      TokenAfter(app.LatestMailTo("ben@example.com"), "/join/"),
      TokenAfter(app.LatestMailTo("new@partner.example"), "invitation="),
      TokenAfter(app.LatestMailTo("ann@example.com"), "token=")};
  std::string everything;
  for (const char* table :
       {"users", "sessions", "orgs", "memberships", "login_failures", "audit_events", "api_tokens",
        "member_invitations", "network_invitations", "password_resets"}) {
    everything += TableText(app, table);
  }
  EXPECT_EQ(everything.find(api_token), std::string::npos);
  EXPECT_EQ(everything.find(api_token.substr(7)), std::string::npos);
  for (const auto& link : links) {
    ASSERT_EQ(link.size(), 64U);
    EXPECT_EQ(everything.find(link), std::string::npos);
  }
  ASSERT_FALSE(everything.empty());
  EXPECT_EQ(everything.find("correct horse battery"), std::string::npos);
  EXPECT_EQ(everything.find("wrong horse battery"), std::string::npos);
  EXPECT_EQ(everything.find(token), std::string::npos);
  EXPECT_EQ(everything.find(ann.csrf), std::string::npos);
}

}  // namespace
}  // namespace strata::api_testing
