#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "http/json_io.h"
#include "http/pipeline.h"
#include "http/problem.h"
#include "http/testing/raw_client.h"

namespace strata::http {
namespace {

using testing::Fetch;
using testing::RawConnection;
using namespace std::chrono_literals;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(Method::kGet, "/hello", [](Request&) { return Response::Text(200, "hello"); });
    router_.Add(Method::kPost, "/echo", [](Request& request) {
      auto body = ParseJsonBody(request);
      if (!body) return ErrorResponse(body.error());
      return JsonResponse(200, *body);
    });
    router_.Add(Method::kGet, "/slow", [this](Request&) {
      slow_started_ = true;
      std::this_thread::sleep_for(800ms);
      return Response::Text(200, "finished");
    });
    ServerOptions options;
    options.port = 0;
    options.body_limit = 1024;
    options.header_limit = 2048;
    options.request_timeout = 1500ms;
    options.shutdown_grace = 5s;
    server_ = std::make_unique<Server>(
        options, [this](Request& request) { return pipeline_.Handle(request); });
    auto port = server_->Start();
    ASSERT_TRUE(port) << port.error().message;
    port_ = *port;
  }

  Router router_;
  core::Metrics metrics_;
  Pipeline pipeline_{router_, metrics_};
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
  std::atomic<bool> slow_started_{false};
};

TEST_F(ServerTest, ServesRequestsOnOneKeptAliveConnection) {
  RawConnection connection(port_);
  ASSERT_TRUE(connection.connected());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(connection.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto response = connection.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "hello");
    EXPECT_FALSE(response->Header("x-request-id").empty());
  }
}

TEST_F(ServerTest, MalformedJsonIs400Problem) {
  auto response = Fetch(port_, "POST", "/echo", "{\"a\": ");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.Header("content-type"), "application/problem+json");
  EXPECT_NE(response.body.find("malformed JSON"), std::string::npos);
  auto echoed = Fetch(port_, "POST", "/echo", R"({"a":1})");
  EXPECT_EQ(echoed.status, 200);
  EXPECT_EQ(echoed.body, R"({"a":1})");
}

TEST_F(ServerTest, OversizedBodyIs413AndCloses) {
  RawConnection connection(port_);
  ASSERT_TRUE(
      connection.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      "Content-Length: 5000\r\n\r\n" +
                      std::string(5000, ' ')));
  auto response = connection.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->Header("content-type"), "application/problem+json");
  EXPECT_TRUE(connection.WaitForClose(3s));
}

TEST_F(ServerTest, OversizedChunkedBodyIs413) {
  RawConnection connection(port_);
  std::string chunk(900, 'x');
  std::string request =
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) request += "384\r\n" + chunk + "\r\n";
  request += "0\r\n\r\n";
  connection.Send(request);
  auto response = connection.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
}

TEST_F(ServerTest, HeaderFloodIs431AndCloses) {
  RawConnection connection(port_);
  std::string request = "GET /hello HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 500; ++i) request += "X-Flood-" + std::to_string(i) + ": aaaaaaaaaa\r\n";
  connection.Send(request + "\r\n");
  auto response = connection.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_TRUE(connection.WaitForClose(3s));
}

TEST_F(ServerTest, SlowClientIsCutOffByTheRequestTimeout) {
  RawConnection connection(port_);
  const std::string request = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
  const auto started = std::chrono::steady_clock::now();
  bool closed = false;
  // One byte every 300 ms would need 10 s for this request; the limit is 1.5 s.
  for (char c : request) {
    if (!connection.Send(std::string(1, c)) || connection.WaitForClose(300ms)) {
      closed = true;
      break;
    }
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 4s);
  // Others are served meanwhile.
  EXPECT_EQ(Fetch(port_, "GET", "/hello").status, 200);
}

TEST_F(ServerTest, IdleKeptAliveConnectionIsClosedByTheTimeout) {
  RawConnection connection(port_);
  connection.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(connection.Read());
  EXPECT_TRUE(connection.WaitForClose(4s));
}

TEST_F(ServerTest, GarbageIs400) {
  RawConnection connection(port_);
  connection.Send("THIS IS NOT HTTP\r\n\r\n");
  auto response = connection.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  auto bad_target = Fetch(port_, "GET", "/a%zz");
  EXPECT_EQ(bad_target.status, 400);
}

TEST_F(ServerTest, UnknownRouteAndWrongMethod) {
  auto missing = Fetch(port_, "GET", "/api/v1/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.Header("content-type"), "application/problem+json");
  auto wrong = Fetch(port_, "DELETE", "/hello");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.Header("allow"), "GET, HEAD");
}

TEST_F(ServerTest, HeadReportsLengthWithoutBody) {
  RawConnection connection(port_);
  connection.Send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  auto head = connection.Read(std::chrono::seconds(5), RawConnection::Body::kNone);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->Header("content-length"), "5");
  // The next response on the connection is intact, so HEAD sent no body.
  auto get = connection.Read();
  ASSERT_TRUE(get);
  EXPECT_EQ(get->body, "hello");
}

TEST_F(ServerTest, AnswersExpectContinue) {
  RawConnection connection(port_);
  connection.Send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 7\r\nExpect: 100-continue\r\n\r\n");
  auto interim = connection.Read(3s);
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  connection.Send(R"({"a":1})");
  auto response = connection.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST_F(ServerTest, StopFinishesInFlightRequestsAndRefusesNewOnes) {
  RawConnection idle(port_);
  ASSERT_TRUE(idle.connected());
  auto in_flight = std::async(std::launch::async, [this] { return Fetch(port_, "GET", "/slow"); });
  while (!slow_started_) std::this_thread::sleep_for(5ms);
  const auto started = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  auto response = in_flight.get();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "finished");
  EXPECT_EQ(response.Header("connection"), "close");
  EXPECT_TRUE(idle.WaitForClose(1s));
  EXPECT_FALSE(RawConnection(port_).connected());
}

}  // namespace
}  // namespace strata::http
