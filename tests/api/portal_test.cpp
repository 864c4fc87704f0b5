// The built portal is served with types, caching, compression and client-side routes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/ids.h"
#include "test_app.h"

namespace strata::api_testing {
namespace {

namespace fs = std::filesystem;

class PortalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    web_ = fs::temp_directory_path() / ("strata-web-" + core::RandomHex(4));
    fs::create_directories(web_ / "assets");
    std::ofstream(web_ / "index.html")
        << "<!doctype html><html lang=\"en\"><title>Strata</title>"
           "<script type=\"module\" src=\"/assets/index-abc.js\"></script></html>";
    std::ofstream(web_ / "assets" / "index-abc.js")
        << "console.log('strata');\n" + std::string(2000, ' ');
    app_ = std::make_unique<TestApp>(TestAppOptions{.web_dir = web_.string()});
  }
  void TearDown() override {
    app_.reset();
    fs::remove_all(web_);
  }
  fs::path web_;
  std::unique_ptr<TestApp> app_;
};

TEST_F(PortalTest, ServesIndexAndAssets) {
  auto index = app_->Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(index.body.find("<title>Strata</title>"), std::string::npos);
  auto asset = app_->Get("/assets/index-abc.js");
  EXPECT_EQ(asset.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(asset.Header("cache-control"), "public, max-age=31536000, immutable");
}

TEST_F(PortalTest, ClientRoutesGetTheAppAndApiPathsDoNot) {
  auto route = app_->Get("/settings/brand");
  EXPECT_EQ(route.status, 200);
  EXPECT_NE(route.body.find("<title>Strata</title>"), std::string::npos);
  EXPECT_EQ(app_->Get("/api/v1/settings").status, 404);
  EXPECT_EQ(app_->Get("/assets/missing-123.js").status, 404);
}

TEST_F(PortalTest, HeadSendsTheLengthButNoBody) {
  RawConnection connection(app_->port());
  connection.Send(
      "HEAD /assets/index-abc.js HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  auto head = connection.Read(std::chrono::seconds(5), RawConnection::Body::kNone);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("content-length"),
            std::to_string(app_->Get("/assets/index-abc.js").body.size()));
  // Had HEAD sent a body, this response would be garbled by it.
  auto next = connection.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(next->body, R"({"status":"ok"})");
}

TEST_F(PortalTest, EtagAndGzip) {
  auto asset = app_->Get("/assets/index-abc.js");
  auto cached = Fetch(app_->port(), "GET", "/assets/index-abc.js", "",
                      {{"If-None-Match", asset.Header("etag")}});
  EXPECT_EQ(cached.status, 304);
  auto gzipped = Fetch(app_->port(), "GET", "/assets/index-abc.js", "",
                       {{"Accept-Encoding", "gzip, deflate"}});
  EXPECT_EQ(gzipped.Header("content-encoding"), "gzip");
  EXPECT_LT(gzipped.body.size(), asset.body.size());
}

}  // namespace
}  // namespace strata::api_testing
