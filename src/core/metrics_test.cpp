#include "core/metrics.h"

#include <gtest/gtest.h>

namespace strata::core {
namespace {

TEST(MetricsTest, RendersCountersHistogramsAndGaugesInPrometheusFormat) {
  Metrics metrics;
  metrics.Describe("strata_http_requests_total", "HTTP requests.");
  metrics.Increment("strata_http_requests_total", {{"route", "/healthz"}, {"status", "200"}});
  metrics.Increment("strata_http_requests_total", {{"route", "/healthz"}, {"status", "200"}});
  metrics.Observe("strata_http_request_duration_seconds", {{"route", "/healthz"}}, 0.003);
  metrics.AddGauge("strata_jobs", "Jobs by state.", [] {
    return std::vector<Metrics::GaugeSample>{{{{"state", "queued"}}, 4}};
  });
  const std::string text = metrics.Render();
  EXPECT_NE(text.find("# TYPE strata_http_requests_total counter"), std::string::npos);
  EXPECT_NE(text.find("strata_http_requests_total{route=\"/healthz\",status=\"200\"} 2"),
            std::string::npos);
  EXPECT_NE(
      text.find("strata_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.0025\"} 0"),
      std::string::npos);
  EXPECT_NE(
      text.find("strata_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.005\"} 1"),
      std::string::npos);
  EXPECT_NE(
      text.find("strata_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 1"),
      std::string::npos);
  EXPECT_NE(text.find("strata_http_request_duration_seconds_count{route=\"/healthz\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("strata_jobs{state=\"queued\"} 4"), std::string::npos);
}

TEST(MetricsTest, EscapesLabelValues) {
  Metrics metrics;
  metrics.Increment("x_total", {{"path", "a\"b\\c\nd"}});
  EXPECT_NE(metrics.Render().find(R"(x_total{path="a\"b\\c\nd"} 1)"), std::string::npos);
}

}  // namespace
}  // namespace strata::core
