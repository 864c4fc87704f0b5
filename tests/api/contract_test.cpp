// The API contract: the router and docs/openapi.yaml describe the same routes. (Every response
// the tests receive is checked against the spec afterwards by tests/contract.)
#include <gtest/gtest.h>

#include <algorithm>

#include "openapi.h"
#include "test_app.h"

namespace strata::api_testing {
namespace {

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

TEST(ContractTest, EveryRouteIsInTheSpecAndEveryOperationIsServed) {
  TestApp app;
  const auto mismatches = RouteSpecMismatches(app.app().router().Routes(), Spec());
  EXPECT_TRUE(mismatches.empty()) << Joined(mismatches);
}

TEST(ContractTest, ARouteMissingFromTheSpecIsFound) {
  TestApp app({.before_start = [](app::App& served) {
    served.router().Add(http::Method::kPost, "/api/v1/undocumented",
                        [](http::Request&) { return http::Response::Text(200, "ok"); });
  }});
  EXPECT_EQ(RouteSpecMismatches(app.app().router().Routes(), Spec()),
            std::vector<std::string>{"POST /api/v1/undocumented is served but not in the spec"});
}

TEST(ContractTest, AnOperationNobodyServesIsFound) {
  TestApp app;
  json::value spec = Spec();
  spec.at("paths").as_object()["/api/v1/ghosts/{id}"] =
      json::object{{"delete", json::object{{"responses", json::object{}}}}};
  EXPECT_EQ(RouteSpecMismatches(app.app().router().Routes(), spec),
            std::vector<std::string>{"DELETE /api/v1/ghosts/{id} is in the spec but not served"});
}

TEST(ContractTest, StringFieldsAreFoundInNestedObjectsArraysAndReferences) {
  const json::value& spec = Spec();
  const json::value& signup =
      Resolve(spec, spec.at_pointer("/paths/~1api~1v1~1auth~1signup/post/requestBody/content/"
                                    "application~1json/schema"));
  std::vector<std::string> names;
  for (const auto& field : StringFields(spec, signup)) names.push_back(field.Name());
  for (const char* expected : {"email", "password", "name", "org.name", "org.kinds[]"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end())
        << expected << " in " << Joined(names);
  }
}

}  // namespace
}  // namespace strata::api_testing
