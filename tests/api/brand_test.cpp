// Organisation settings and logos over HTTP.
#include <gtest/gtest.h>

#include "test_app.h"

namespace strata::api_testing {
namespace {

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + "pixels";

RawResponse PutLogo(const TestApp& app, const SignedIn& who, const std::string& body,
                    const std::string& type) {
  return Fetch(app.port(), "PUT", "/api/v1/org/logo", body,
               {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}, {"Content-Type", type}});
}

TEST(BrandTest, SettingsAndLogoRoundTripWithCaching) {
  TestApp app;
  const SignedIn owner = app.SignUp("olga@vendor.test");
  auto changed = app.Call(owner, "PATCH", "/api/v1/org",
                          R"({"name":"Acme Networks","brand":{"primary_colour":"#1f6feb",)"
                          R"("website":"https://acme.example","signature":"The Acme team"}})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  const json::value settings = changed.Json();
  EXPECT_EQ(settings.at("name").as_string(), "Acme Networks");
  EXPECT_EQ(settings.at("brand").at("primary_colour").as_string(), "#1f6feb");
  EXPECT_TRUE(settings.at("logo_url").is_null());

  auto uploaded = PutLogo(app, owner, kPng, "image/png");
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  const std::string url(uploaded.Json().at("logo_url").as_string());
  auto logo = app.Call(owner, "GET", url);
  ASSERT_EQ(logo.status, 200);
  EXPECT_EQ(logo.body, kPng);
  EXPECT_EQ(logo.Header("content-type"), "image/png");
  EXPECT_EQ(logo.Header("cache-control"), "private, max-age=300");
  auto again = Fetch(app.port(), "GET", url, "",
                     {{"Cookie", owner.cookie}, {"If-None-Match", logo.Header("etag")}});
  EXPECT_EQ(again.status, 304);
}

TEST(BrandTest, BadSettingsAndImagesAreRefusedWithTheirFields) {
  TestApp app;
  const SignedIn owner = app.SignUp("olga@vendor.test");
  auto bad = app.Call(owner, "PATCH", "/api/v1/org",
                      R"({"name":"","brand":{"primary_colour":"red","sender_email":"nope",)"
                      R"j("website":"javascript:alert(1)"}})j");
  ASSERT_EQ(bad.status, 400);
  const json::value problem = bad.Json();
  std::set<std::string> fields;
  for (const auto& error : problem.at("errors").as_object()) fields.emplace(error.key());
  EXPECT_EQ(fields, (std::set<std::string>{"name", "brand.primary_colour", "brand.sender_email",
                                           "brand.website"}));
  EXPECT_EQ(app.Call(owner, "GET", "/api/v1/org").Json().at("name").as_string(), "Acme");

  auto svg = PutLogo(app, owner, "<svg onload='alert(1)'/>", "image/svg+xml");
  ASSERT_EQ(svg.status, 400);
  EXPECT_TRUE(svg.Json().at("errors").as_object().contains("logo"));
  EXPECT_EQ(PutLogo(app, owner, kPng, "application/json").status, 415);
  EXPECT_EQ(app.Call(owner, "DELETE", "/api/v1/org/logo").status, 404);
}

}  // namespace
}  // namespace strata::api_testing
