#include "http/router.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace strata::http {
namespace {

Request Make(Method method, const std::string& target) {
  Request request;
  request.method = method;
  EXPECT_TRUE(ParseTarget(target, request));
  return request;
}

Response Named(std::string name) { return Response::Text(200, std::move(name)); }

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(Method::kGet, "/api/v1/deals", [](Request&) { return Named("list"); });
    router_.Add(Method::kPost, "/api/v1/deals", [](Request&) { return Named("create"); });
    router_.Add(Method::kGet, "/api/v1/deals/{id}",
                [](Request& r) { return Named("get " + r.Param("id")); });
    router_.Add(Method::kGet, "/api/v1/deals/export", [](Request&) { return Named("export"); });
    router_.Add(Method::kPost, "/api/v1/deals/{id}/notes/{note}",
                [](Request& r) { return Named(r.Param("id") + "/" + r.Param("note")); });
  }
  Router router_;
};

TEST_F(RouterTest, MatchesMethodAndCapturesParameters) {
  auto get = Make(Method::kGet, "/api/v1/deals/abc");
  EXPECT_EQ(router_.Dispatch(get).body, "get abc");
  EXPECT_EQ(get.route, "/api/v1/deals/{id}");
  auto post = Make(Method::kPost, "/api/v1/deals/a/notes/b");
  EXPECT_EQ(router_.Dispatch(post).body, "a/b");
  auto create = Make(Method::kPost, "/api/v1/deals");
  EXPECT_EQ(router_.Dispatch(create).body, "create");
}

TEST_F(RouterTest, LiteralSegmentsWinOverParameters) {
  auto request = Make(Method::kGet, "/api/v1/deals/export");
  EXPECT_EQ(router_.Dispatch(request).body, "export");
}

TEST_F(RouterTest, PercentEncodedParametersAreDecoded) {
  auto request = Make(Method::kGet, "/api/v1/deals/a%20b");
  EXPECT_EQ(router_.Dispatch(request).body, "get a b");
}

TEST_F(RouterTest, UnknownPathIsProblem404) {
  auto request = Make(Method::kGet, "/api/v1/nothing");
  Response response = router_.Dispatch(request);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.Header("Content-Type"), "application/problem+json");
  EXPECT_EQ(json::parse(response.body).at("type"), "urn:strata:problem:not-found");
  auto trailing = Make(Method::kGet, "/api/v1/deals/");
  EXPECT_EQ(router_.Dispatch(trailing).status, 404);
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  auto request = Make(Method::kDelete, "/api/v1/deals");
  Response response = router_.Dispatch(request);
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.Header("Allow"), "GET, HEAD, POST");
  EXPECT_EQ(json::parse(response.body).at("status"), 405);
}

TEST_F(RouterTest, HeadUsesGetWithoutBody) {
  auto request = Make(Method::kHead, "/api/v1/deals");
  Response response = router_.Dispatch(request);
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.body.empty());
  EXPECT_EQ(response.Header("Content-Length"), "4");
}

TEST_F(RouterTest, FallbackServesNonApiPathsOnly) {
  router_.SetFallback([](Request&) { return Named("portal"); });
  auto page = Make(Method::kGet, "/network/partners");
  EXPECT_EQ(router_.Dispatch(page).body, "portal");
  auto api = Make(Method::kGet, "/api/v1/unknown");
  EXPECT_EQ(router_.Dispatch(api).status, 404);
}

TEST_F(RouterTest, RefusesDuplicateRoutes) {
  EXPECT_THROW(router_.Add(Method::kGet, "/api/v1/deals", [](Request&) { return Named(""); }),
               std::invalid_argument);
  EXPECT_EQ(router_.Routes().size(), 5U);
}

TEST_F(RouterTest, TakesUploadAnswersForTheRouteDispatchWouldPick) {
  router_.AddUpload(Method::kPost, "/api/v1/contact-imports",
                    [](Request& r) { return Named(r.body_file ? r.body_file->string() : "none"); });
  router_.Add(Method::kGet, "/api/v1/contact-imports", [](Request&) { return Named("imports"); });
  router_.AddUpload(Method::kPut, "/api/v1/files/{id}", [](Request&) { return Named("file"); });
  router_.Add(Method::kPut, "/api/v1/files/readme", [](Request&) { return Named("readme"); });

  EXPECT_TRUE(router_.TakesUpload(Method::kPost, "/api/v1/contact-imports"));
  EXPECT_FALSE(router_.TakesUpload(Method::kGet, "/api/v1/contact-imports"));
  EXPECT_FALSE(router_.TakesUpload(Method::kHead, "/api/v1/contact-imports"));
  EXPECT_FALSE(router_.TakesUpload(Method::kDelete, "/api/v1/contact-imports"));
  EXPECT_FALSE(router_.TakesUpload(Method::kPost, "/api/v1/contact-imports/"));
  EXPECT_FALSE(router_.TakesUpload(Method::kPost, "/api/v1/deals"));
  EXPECT_TRUE(router_.TakesUpload(Method::kPut, "/api/v1/files/abc"));
  // The literal route wins over the parameter, in TakesUpload as in Dispatch.
  EXPECT_FALSE(router_.TakesUpload(Method::kPut, "/api/v1/files/readme"));
  EXPECT_FALSE(router_.TakesUpload(Method::kPost, ""));
  EXPECT_FALSE(router_.TakesUpload(Method::kPost, "api/v1/contact-imports"));

  auto upload = Make(Method::kPost, "/api/v1/contact-imports");
  upload.body_file = "/spool/upload-1";
  EXPECT_EQ(router_.Dispatch(upload).body, "/spool/upload-1");
  EXPECT_EQ(upload.route, "/api/v1/contact-imports");
  // Routes() lists upload routes like any other, for the documentation checks.
  EXPECT_EQ(router_.Routes().size(), 9U);
}

TEST_F(RouterTest, SpooledBodyOnARouteThatIsNotAnUploadRouteIsAWiringBug) {
  auto request = Make(Method::kPost, "/api/v1/deals");
  request.body_file = "/spool/upload-1";
  EXPECT_THROW(router_.Dispatch(request), std::logic_error);
}

TEST(ParseTargetTest, RejectsMalformedTargets) {
  Request request;
  EXPECT_FALSE(ParseTarget("relative/path", request));
  EXPECT_FALSE(ParseTarget("/a%zz", request));
  EXPECT_FALSE(ParseTarget("/a%00b", request));
  EXPECT_TRUE(ParseTarget("/a?x=1&y=%2F&x=2", request));
  EXPECT_EQ(request.Query("y"), "/");
  EXPECT_EQ(request.Query("x"), "1");
  EXPECT_FALSE(request.Query("z"));
}

}  // namespace
}  // namespace strata::http
