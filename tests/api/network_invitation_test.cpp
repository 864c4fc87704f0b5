// Partner invitations by email over HTTP: sign-up from the link, or taking it up for an
// organisation already on Strata.
#include <gtest/gtest.h>

#include "test_app.h"

namespace strata::api_testing {
namespace {

TEST(NetworkInvitationTest, AnOrganisationOnStrataTakesUpALinkMailedToAnotherAddress) {
  TestApp app;
  const SignedIn vendor = app.SignUp("olga@acme.test", {"vendor"}, "Acme");
  const SignedIn reseller = app.SignUp("rita@reseller.test", {"reseller"}, "Rita's");
  auto invited = app.Call(vendor, "POST", "/api/v1/relationships",
                          R"({"email":"sales@reseller.test","kind":"reseller"})");
  ASSERT_EQ(invited.status, 201) << invited.body;
  EXPECT_TRUE(invited.Json().at("downstream").at("awaiting_sign_up").as_bool());
  const std::string id(invited.Json().at("id").as_string());
  const std::string token =
      TokenAfter(app.LatestMailTo("sales@reseller.test"), "/signup?invitation=");
  ASSERT_EQ(token.size(), 64U);
  EXPECT_EQ(app.Call(reseller, "GET", "/api/v1/relationships/" + id).status, 404);

  auto taken = app.Call(reseller, "POST", "/api/v1/network-invitations/accept",
                        R"({"token":")" + token + "\"}");
  ASSERT_EQ(taken.status, 200) << taken.body;
  ASSERT_EQ(taken.Json().at("items").as_array().size(), 1U);
  ASSERT_EQ(app.Call(reseller, "POST", "/api/v1/relationships/" + id + "/accept", "{}").status,
            200);
  const json::value vendors = app.Call(reseller, "GET", "/api/v1/vendors").Json();
  EXPECT_EQ(vendors.at("items").at(0).at("vendor").at("id"), vendor.body.at("org").at("id"));
  // The vendor sees the organisation it now works with, no longer awaiting anyone.
  const json::value seen = app.Call(vendor, "GET", "/api/v1/relationships/" + id).Json();
  EXPECT_EQ(seen.at("downstream").at("id"), reseller.body.at("org").at("id"));
  EXPECT_FALSE(seen.at("downstream").at("awaiting_sign_up").as_bool());

  // The link is spent, for taking up and for signing up alike.
  EXPECT_EQ(app.Call(reseller, "POST", "/api/v1/network-invitations/accept",
                     R"({"token":")" + token + "\"}")
                .status,
            404);
  auto late =
      app.Post("/api/v1/auth/signup",
               R"({"email":"sales@reseller.test","password":"correct horse battery",)"
               R"("name":"Sal","org":{"name":"Sal's","kinds":["reseller"]},"invitation":")" +
                   token + "\"}");
  EXPECT_EQ(late.status, 404) << late.body;
}

TEST(NetworkInvitationTest, SigningUpFromALinkWithARegisteredEmailIsAConflict) {
  TestApp app;
  const SignedIn vendor = app.SignUp("olga@acme.test", {"vendor"}, "Acme");
  ASSERT_EQ(app.Call(vendor, "POST", "/api/v1/relationships",
                     R"({"email":"new@partner.test","kind":"reseller"})")
                .status,
            201);
  const std::string token = TokenAfter(app.LatestMailTo("new@partner.test"), "/signup?invitation=");
  auto taken = app.Post("/api/v1/auth/signup",
                        R"({"email":"olga@acme.test","password":"correct horse battery",)"
                        R"("name":"Olga","org":{"name":"X","kinds":["reseller"]},"invitation":")" +
                            token + "\"}");
  EXPECT_EQ(taken.status, 409) << taken.body;
  // Nothing was taken up: the right person still can.
  auto signed_up =
      app.Post("/api/v1/auth/signup",
               R"({"email":"new@partner.test","password":"correct horse battery",)"
               R"("name":"Nia","org":{"name":"Nia's","kinds":["reseller"]},"invitation":")" +
                   token + "\"}");
  EXPECT_EQ(signed_up.status, 201) << signed_up.body;
}

}  // namespace
}  // namespace strata::api_testing
