#include "http/pipeline.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace strata::http {
namespace {

TEST(PipelineTest, AddsRequestIdAndCountsRequests) {
  Router router;
  router.Add(Method::kGet, "/ok", [](Request&) { return Response::Text(200, "fine"); });
  core::Metrics metrics;
  Pipeline pipeline(router, metrics);
  Request request;
  ASSERT_TRUE(ParseTarget("/ok", request));
  Response response = pipeline.Handle(request);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("X-Request-Id").size(), 32U);
  EXPECT_EQ(response.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(metrics.Render().find(
                R"(strata_http_requests_total{method="GET",route="/ok",status="200"} 1)"),
            std::string::npos);
}

TEST(PipelineTest, EveryResponseCarriesTheSecurityHeadersUnlessItSetsItsOwn) {
  Router router;
  router.Add(Method::kGet, "/page", [](Request&) { return Response::Text(200, "page"); });
  router.Add(Method::kGet, "/image", [](Request&) {
    Response response = Response::Text(200, "image");
    response.SetHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    return response;
  });
  core::Metrics metrics;
  Pipeline pipeline(router, metrics);
  for (const char* target : {"/page", "/missing"}) {
    Request request;
    ASSERT_TRUE(ParseTarget(target, request));
    Response response = pipeline.Handle(request);
    const std::string policy(response.Header("Content-Security-Policy"));
    EXPECT_NE(policy.find("script-src 'self';"), std::string::npos) << target;
    EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << target;
    EXPECT_EQ(policy.find("unsafe-eval"), std::string::npos) << target;
    EXPECT_EQ(response.Header("Referrer-Policy"), "same-origin");
    EXPECT_EQ(response.Header("X-Frame-Options"), "DENY");
  }
  Request request;
  ASSERT_TRUE(ParseTarget("/image", request));
  EXPECT_EQ(pipeline.Handle(request).Header("Content-Security-Policy"),
            "default-src 'none'; sandbox");
}

TEST(PipelineTest, KeepsASafeIncomingRequestIdOnly) {
  EXPECT_EQ(ChooseRequestId("edge-1234.abc_9"), "edge-1234.abc_9");
  EXPECT_NE(ChooseRequestId("bad id\r\nX-Evil: 1"), "bad id\r\nX-Evil: 1");
  EXPECT_EQ(ChooseRequestId(std::string(65, 'a')).size(), 32U);
}

TEST(PipelineTest, ExceptionsBecome500WithoutInternals) {
  Router router;
  router.Add(Method::kGet, "/boom",
             [](Request&) -> Response { throw std::runtime_error("secret internal detail"); });
  core::Metrics metrics;
  Pipeline pipeline(router, metrics);
  Request request;
  ASSERT_TRUE(ParseTarget("/boom", request));
  Response response = pipeline.Handle(request);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("secret"), std::string::npos);
  auto body = json::parse(response.body);
  EXPECT_EQ(body.at("type"), "urn:strata:problem:internal");
  EXPECT_NE(std::string(body.at("detail").as_string()).find(request.request_id), std::string::npos);
}

}  // namespace
}  // namespace strata::http
