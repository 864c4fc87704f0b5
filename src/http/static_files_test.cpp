#include "http/static_files.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "core/ids.h"

namespace strata::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("strata-static-" + core::RandomHex(4));
    fs::create_directories(dir_ / "assets");
    std::ofstream(dir_ / "index.html") << "<!doctype html><title>Strata</title>";
    std::ofstream(dir_ / "assets" / "app-1234.js") << std::string(4000, 'x');
    std::ofstream(dir_ / "favicon.svg") << "<svg/>";
    auto loaded = StaticFiles::Load(dir_.string());
    ASSERT_TRUE(loaded);
    files_ = std::make_unique<StaticFiles>(std::move(loaded.value()));
  }
  void TearDown() override { fs::remove_all(dir_); }

  Response Get(const std::string& target,
               std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request request;
    EXPECT_TRUE(ParseTarget(target, request));
    request.headers = std::move(headers);
    return files_->Serve(request);
  }

  fs::path dir_;
  std::unique_ptr<StaticFiles> files_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCaching) {
  Response index = Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.Header("Cache-Control"), "no-cache");
  Response asset = Get("/assets/app-1234.js");
  EXPECT_EQ(asset.Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(asset.Header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Get("/favicon.svg").Header("Content-Type"), "image/svg+xml");
}

TEST_F(StaticFilesTest, AnswersConditionalRequestsWith304) {
  Response first = Get("/assets/app-1234.js");
  const std::string etag(first.Header("ETag"));
  ASSERT_FALSE(etag.empty());
  Response again = Get("/assets/app-1234.js", {{"if-none-match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(StaticFilesTest, GzipsTextForClientsThatAcceptIt) {
  Response plain = Get("/assets/app-1234.js");
  EXPECT_EQ(plain.body.size(), 4000U);
  Response gzipped = Get("/assets/app-1234.js", {{"accept-encoding", "br, gzip"}});
  EXPECT_EQ(gzipped.Header("Content-Encoding"), "gzip");
  EXPECT_LT(gzipped.body.size(), 200U);
  EXPECT_EQ(gzipped.Header("Vary"), "Accept-Encoding");
  // The gzip body inflates back to the file.
  std::string inflated(4000, '\0');
  z_stream stream{};
  inflateInit2(&stream, 15 + 16);
  stream.next_in = reinterpret_cast<Bytef*>(gzipped.body.data());
  stream.avail_in = static_cast<uInt>(gzipped.body.size());
  stream.next_out = reinterpret_cast<Bytef*>(inflated.data());
  stream.avail_out = static_cast<uInt>(inflated.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  inflateEnd(&stream);
  EXPECT_EQ(inflated, std::string(4000, 'x'));
  EXPECT_TRUE(Get("/assets/app-1234.js", {{"accept-encoding", "gzip;q=0"}})
                  .Header("Content-Encoding")
                  .empty());
}

TEST_F(StaticFilesTest, ClientRoutesFallBackToIndexButMissingFilesAre404) {
  Response route = Get("/network/partners");
  EXPECT_EQ(route.status, 200);
  EXPECT_NE(route.body.find("<title>Strata</title>"), std::string::npos);
  EXPECT_EQ(Get("/assets/missing.js").status, 404);
  // Files are looked up in memory by exact path, so traversal can only reach the app itself.
  EXPECT_EQ(Get("/../../etc/passwd").body.find("root:"), std::string::npos);
  EXPECT_EQ(Get("/..%2f..%2fetc/hosts.txt").status, 404);
}

TEST(StaticFilesMissingTest, ExplainsThatThePortalIsNotBuilt) {
  EXPECT_FALSE(StaticFiles::Load("/nonexistent-strata-web"));
  StaticFiles files = StaticFiles::Missing("no index.html");
  Request request;
  ASSERT_TRUE(ParseTarget("/", request));
  Response response = files.Serve(request);
  EXPECT_EQ(response.status, 404);
  EXPECT_NE(response.body.find("not built"), std::string::npos);
}

}  // namespace
}  // namespace strata::http
