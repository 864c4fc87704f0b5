// Changing the password while signed in: the current one is checked, every session ends, and
// this browser carries on in a new one.
#include <gtest/gtest.h>

#include "test_app.h"

namespace strata::api_testing {
namespace {

constexpr const char* kChange = "/api/v1/auth/password";

TEST(PasswordChangeTest, EverySessionEndsAndThisBrowserGetsANewOne) {
  TestApp app;
  const SignedIn here = app.SignUp("ann@acme.test");
  const SignedIn phone = SignedInFrom(app.Post(
      "/api/v1/auth/login", R"({"email":"ann@acme.test","password":"correct horse battery"})"));
  ASSERT_EQ(app.Call(phone, "GET", "/api/v1/me").status, 200);

  auto wrong =
      app.Call(here, "POST", kChange,
               R"({"current_password":"not my password","new_password":"a brand new passphrase"})");
  ASSERT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_TRUE(wrong.Json().at("errors").as_object().contains("current_password"));
  auto same = app.Call(
      here, "POST", kChange,
      R"({"current_password":"correct horse battery","new_password":"correct horse battery"})");
  ASSERT_EQ(same.status, 400) << same.body;
  EXPECT_TRUE(same.Json().at("errors").as_object().contains("new_password"));
  auto weak =
      app.Call(here, "POST", kChange,
               R"({"current_password":"correct horse battery","new_password":"password123"})");
  ASSERT_EQ(weak.status, 400) << weak.body;
  // Refusals change nothing: both sessions still work.
  ASSERT_EQ(app.Call(phone, "GET", "/api/v1/me").status, 200);

  auto changed = app.Call(
      here, "POST", kChange,
      R"({"current_password":"correct horse battery","new_password":"a brand new passphrase"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  const SignedIn renewed = SignedInFrom(changed);
  EXPECT_NE(renewed.cookie, here.cookie);
  EXPECT_EQ(app.Call(here, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(app.Call(phone, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(app.Call(renewed, "GET", "/api/v1/me").status, 200);
  EXPECT_EQ(app.Post("/api/v1/auth/login",
                     R"({"email":"ann@acme.test","password":"correct horse battery"})")
                .status,
            401);
  EXPECT_EQ(app.Post("/api/v1/auth/login",
                     R"({"email":"ann@acme.test","password":"a brand new passphrase"})")
                .status,
            200);
  const auto trail = app.Call(renewed, "GET", "/api/v1/audit-events").body;
  EXPECT_NE(trail.find("user.password_changed"), std::string::npos) << trail;
}

TEST(PasswordChangeTest, TheNewSessionStaysInTheOrganisationItWasWorkingIn) {
  TestApp app;
  const SignedIn ann = app.SignUp("ann@acme.test");
  const SignedIn bob = app.SignUp("bob@globex.test", {"reseller"}, "Globex");
  auto invited = app.Call(bob, "POST", "/api/v1/member-invitations",
                          R"({"email":"ann@acme.test","role":"admin"})");
  ASSERT_EQ(invited.status, 201) << invited.body;
  const std::string token = TokenAfter(app.LatestMailTo("ann@acme.test"), "/join/");
  ASSERT_EQ(
      app.Call(ann, "POST", "/api/v1/member-invitations/accept", R"({"token":")" + token + "\"}")
          .status,
      200);
  const std::string globex(bob.body.at("org").at("id").as_string());
  ASSERT_EQ(
      app.Call(ann, "POST", "/api/v1/auth/switch-org", R"({"org_id":")" + globex + "\"}").status,
      200);
  auto changed = app.Call(
      ann, "POST", kChange,
      R"({"current_password":"correct horse battery","new_password":"a brand new passphrase"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.Json().at("org").at("id").as_string(), globex);
}

TEST(PasswordChangeTest, GuessingTheCurrentPasswordLocksTheAccountOut) {
  TestApp app;
  const SignedIn ann = app.SignUp("ann@acme.test");
  std::vector<int> statuses;
  for (int i = 0; i < 7; ++i) {
    statuses.push_back(app.Call(ann, "POST", kChange,
                                R"({"current_password":"guess number )" + std::to_string(i) +
                                    R"(","new_password":"a brand new passphrase"})")
                           .status);
  }
  EXPECT_EQ(statuses, (std::vector<int>{400, 400, 400, 400, 400, 429, 429}));
  // Locked out, the right password does not get through either.
  EXPECT_EQ(
      app.Call(
             ann, "POST", kChange,
             R"({"current_password":"correct horse battery","new_password":"a brand new passphrase"})")
          .status,
      429);
}

TEST(PasswordChangeTest, AnApiTokenCannotChangeThePassword) {
  TestApp app;
  const SignedIn ann = app.SignUp("ann@acme.test");
  auto issued = app.Call(ann, "POST", "/api/v1/api-tokens", R"({"name":"ci","role":"admin"})");
  ASSERT_EQ(issued.status, 201) << issued.body;
  SignedIn token;
  token.api_token = std::string(issued.Json().at("token").as_string());
  EXPECT_EQ(
      app.Call(
             token, "POST", kChange,
             R"({"current_password":"correct horse battery","new_password":"a brand new passphrase"})")
          .status,
      400);
}

}  // namespace
}  // namespace strata::api_testing
