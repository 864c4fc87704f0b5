// Password reset over HTTP: the link arrives in the outbox, works once, and ends old sessions.
#include <gtest/gtest.h>

#include "test_app.h"

namespace strata::api_testing {
namespace {

TEST(PasswordResetTest, TheMailedLinkSetsANewPasswordOnceAndEndsEverySession) {
  TestApp app;
  const SignedIn ann = app.SignUp("ann@acme.test");
  auto asked = app.Post("/api/v1/auth/password-reset", R"({"email":"ANN@acme.test"})");
  ASSERT_EQ(asked.status, 202) << asked.body;
  const std::string mail = app.LatestMailTo("ann@acme.test");
  ASSERT_NE(mail.find("Subject: Choose a new password for Strata"), std::string::npos) << mail;
  const std::string token = TokenAfter(mail, "/reset-password?token=");
  ASSERT_EQ(token.size(), 64U);

  auto weak = app.Post("/api/v1/auth/password-reset/confirm",
                       R"({"token":")" + token + R"(","password":"password123"})");
  ASSERT_EQ(weak.status, 400);
  EXPECT_TRUE(weak.Json().at("errors").as_object().contains("password"));

  auto done = app.Post("/api/v1/auth/password-reset/confirm",
                       R"({"token":")" + token + R"(","password":"a brand new passphrase"})");
  ASSERT_EQ(done.status, 204) << done.body;
  EXPECT_EQ(app.Call(ann, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(app.Post("/api/v1/auth/login",
                     R"({"email":"ann@acme.test","password":"correct horse battery"})")
                .status,
            401);
  EXPECT_EQ(app.Post("/api/v1/auth/login",
                     R"({"email":"ann@acme.test","password":"a brand new passphrase"})")
                .status,
            200);

  auto again = app.Post("/api/v1/auth/password-reset/confirm",
                        R"({"token":")" + token + R"(","password":"yet another passphrase"})");
  ASSERT_EQ(again.status, 400);
  EXPECT_TRUE(again.Json().at("errors").as_object().contains("token"));
}

TEST(PasswordResetTest, AskingForAnUnknownAccountLooksTheSameAndSendsNothing) {
  TestApp app;
  auto asked = app.Post("/api/v1/auth/password-reset", R"({"email":"nobody@acme.test"})");
  EXPECT_EQ(asked.status, 202);
  EXPECT_EQ(app.LatestMailTo("nobody@acme.test"), "");
  EXPECT_EQ(app.Post("/api/v1/auth/password-reset", R"({"email":"not an address"})").status, 400);
}

TEST(PasswordResetTest, AtMostThreeLinksAnHour) {
  TestApp app;
  app.SignUp("ann@acme.test");
  std::set<std::string> tokens;
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(app.Post("/api/v1/auth/password-reset", R"({"email":"ann@acme.test"})").status, 202);
    tokens.insert(TokenAfter(app.LatestMailTo("ann@acme.test"), "/reset-password?token="));
  }
  EXPECT_EQ(tokens.size(), 3U);
}

}  // namespace
}  // namespace strata::api_testing
