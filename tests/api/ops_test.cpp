// /healthz, /readyz, /metrics and /api/v1/version against the real application.
#include <gtest/gtest.h>

#include "db/migrations.h"
#include "test_app.h"

namespace strata::api_testing {
namespace {

TEST(OpsTest, HealthzAnswersWithoutTheDatabase) {
  TestApp app;
  auto response = app.Get("/healthz");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Json().at("status"), "ok");
  EXPECT_EQ(response.Header("cache-control"), "no-store");
}

TEST(OpsTest, ReadyzReportsTheDatabaseAndSchema) {
  TestApp app;
  auto response = app.Get("/readyz");
  ASSERT_EQ(response.status, 200) << response.body;
  auto body = response.Json();
  EXPECT_EQ(body.at("status"), "ready");
  EXPECT_EQ(body.at("database"), db::DialectName(db::testing::TestDialect()));
  EXPECT_EQ(body.at("schema_version").to_number<int>(), db::BuiltinMigrations().back().version);
}

TEST(OpsTest, ReadyzIs503UntilMigrated) {
  TestApp app({.migrate = app::MigrateOnStart::kNo});
  auto response = app.Get("/readyz");
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.Header("content-type"), "application/problem+json");
  EXPECT_NE(response.body.find("strata migrate"), std::string::npos);
  ASSERT_TRUE(db::Migrate(app.app().database(), db::BuiltinMigrations()));
  EXPECT_EQ(app.Get("/readyz").status, 200);
}

TEST(OpsTest, MetricsCountRequestsJobsAndPool) {
  TestApp app;
  app.Get("/healthz");
  app.Get("/api/v1/nothing-here");
  auto response = app.Get("/metrics");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = response.body;
  EXPECT_NE(
      text.find(R"(strata_http_requests_total{method="GET",route="/healthz",status="200"} 1)"),
      std::string::npos);
  EXPECT_NE(text.find(R"m(route="(not found)",status="404"} 1)m"), std::string::npos);
  EXPECT_NE(
      text.find("strata_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 1"),
      std::string::npos);
  EXPECT_NE(text.find(R"(strata_jobs{state="dead"} 0)"), std::string::npos);
  EXPECT_NE(text.find(R"(strata_db_pool_connections{state="in_use"})"), std::string::npos);
}

TEST(OpsTest, VersionAndRequestIds) {
  TestApp app;
  auto response = app.Get("/api/v1/version");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.Json().at("name"), "strata");
  auto first = app.Get("/healthz").Header("x-request-id");
  auto second = app.Get("/healthz").Header("x-request-id");
  EXPECT_EQ(first.size(), 32U);
  EXPECT_NE(first, second);
}

}  // namespace
}  // namespace strata::api_testing
