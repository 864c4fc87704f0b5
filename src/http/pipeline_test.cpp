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
