// Bad input never crashes the server and always gets a clear answer.
#include <gtest/gtest.h>

#include "http/json_io.h"
#include "http/problem.h"
#include "test_app.h"

namespace strata::api_testing {
namespace {

using namespace std::chrono_literals;

// The application with one JSON-reading route, standing in for the module routes to come.
TestApp AppWithJsonRoute() {
  return TestApp({.before_start = [](app::App& application) {
    application.router().Add(http::Method::kPost, "/api/v1/echo", [](http::Request& request) {
      auto body = http::ParseJsonBody(request);
      if (!body) return http::ErrorResponse(body.error());
      return http::JsonResponse(200, *body);
    });
  }});
}

void ExpectProblem(const RawResponse& response, int status) {
  EXPECT_EQ(response.status, status) << response.body;
  EXPECT_EQ(response.Header("content-type"), "application/problem+json");
  auto body = response.Json();
  EXPECT_EQ(body.at("status").to_number<int>(), status);
  EXPECT_FALSE(body.at("title").as_string().empty());
}

TEST(BadInputTest, MalformedJsonIs400Problem) {
  TestApp app = AppWithJsonRoute();
  for (const char* bad : {"{", "{\"a\":}", "[1,2", "nul", "{\"a\":1}}", "\xff\xfe"}) {
    auto response = app.Post("/api/v1/echo", bad);
    ExpectProblem(response, 400);
  }
  EXPECT_EQ(app.Post("/api/v1/echo", R"({"ok":true})").status, 200);
}

TEST(BadInputTest, WrongContentTypeIs415) {
  TestApp app = AppWithJsonRoute();
  auto response = Fetch(app.port(), "POST", "/api/v1/echo", "a=b",
                        {{"Content-Type", "application/x-www-form-urlencoded"}});
  ExpectProblem(response, 415);
}

TEST(BadInputTest, OversizedBodyIs413) {
  TestApp app = AppWithJsonRoute();
  auto response = app.Post("/api/v1/echo", "\"" + std::string(2 << 20, 'a') + "\"");
  ExpectProblem(response, 413);
  EXPECT_EQ(app.Get("/healthz").status, 200);
}

TEST(BadInputTest, UnknownRouteIs404Problem) {
  TestApp app;
  ExpectProblem(app.Get("/api/v1/no-such-thing"), 404);
  ExpectProblem(app.Get("/api/v1/no-such-thing/123?x=1"), 404);
}

TEST(BadInputTest, WrongMethodIs405WithAllow) {
  TestApp app;
  auto response = app.Post("/healthz", "{}");
  ExpectProblem(response, 405);
  EXPECT_EQ(response.Header("allow"), "GET, HEAD");
}

TEST(BadInputTest, HeaderFloodClosesTheConnection) {
  TestApp app;
  RawConnection connection(app.port());
  std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 2000; ++i)
    request += "X-Flood-" + std::to_string(i) + ": " + std::string(40, 'a') + "\r\n";
  connection.Send(request + "\r\n");
  auto response = connection.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_TRUE(connection.WaitForClose(3s));
  EXPECT_EQ(app.Get("/healthz").status, 200);
}

TEST(BadInputTest, OneByteASecondClientIsClosedByTheLimit) {
  TestApp app;  // request_timeout_seconds = 5 in TestApp.
  RawConnection connection(app.port());
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  const auto started = std::chrono::steady_clock::now();
  bool closed = false;
  for (char c : request) {
    if (!connection.Send(std::string(1, c)) || connection.WaitForClose(1s)) {
      closed = true;
      break;
    }
  }
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(closed);
  EXPECT_GE(elapsed, 4s);
  EXPECT_LT(elapsed, 8s);
  EXPECT_EQ(app.Get("/healthz").status, 200);
}

TEST(BadInputTest, GarbageAndHostileTargetsGetA4xx) {
  TestApp app;
  for (const std::string raw :
       {"GARBAGE\r\n\r\n", "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET noslash HTTP/1.1\r\nHost: x\r\n\r\n", "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
        "GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n"}) {
    RawConnection connection(app.port());
    connection.Send(raw);
    auto response = connection.Read(3s);
    ASSERT_TRUE(response) << raw;
    EXPECT_GE(response->status, 400) << raw;
    EXPECT_LT(response->status, 500) << raw;
  }
  EXPECT_EQ(app.Get("/healthz").status, 200);
}

}  // namespace
}  // namespace strata::api_testing
