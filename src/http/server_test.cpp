#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <mutex>
#include <thread>

#include "core/ids.h"
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

namespace fs = std::filesystem;

// Bytes of every value, NUL, CR and LF included: nothing on the way may treat them as text.
std::string UploadBytes(std::size_t size) {
  std::string bytes(size, '\0');
  std::uint32_t state = 12345;
  for (char& byte : bytes) {
    state = state * 1664525U + 1013904223U;
    byte = static_cast<char>(state >> 24);
  }
  return bytes;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Whether `folder` is empty within `timeout`: a connection cut off by its timeout closes before
// the server's session gets to remove the partial file.
bool BecomesEmpty(const fs::path& folder, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!fs::is_empty(folder)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// What a handler saw of its request, read by the test once the response is in.
struct Seen {
  int calls = 0;
  std::optional<fs::path> body_file;
  std::uint64_t body_file_size = 0;
  std::string file_contents;  // Read while the handler ran.
  std::string body;
};

class UploadServerTest : public ::testing::Test {
 protected:
  static constexpr std::uint64_t kUploadLimit = std::uint64_t{6} << 20;
  static constexpr std::size_t kFiveMegabytes = 5'000'000;

  void SetUp() override {
    root_ = fs::temp_directory_path() / ("strata-upload-test-" + core::RandomHex(8));
    spool_ = root_ / "spool";
    kept_ = root_ / "kept";
    fs::create_directories(kept_);
    router_.AddUpload(Method::kPost, "/uploads", [this](Request& request) {
      Record(request);
      return Response::Text(200, std::to_string(request.body_file_size));
    });
    router_.AddUpload(Method::kPost, "/uploads/keep", [this](Request& request) {
      Record(request);
      fs::rename(*request.body_file, kept_ / "import.csv");
      return Response::Text(201, "kept");
    });
    router_.Add(Method::kPost, "/notes", [this](Request& request) {
      Record(request);
      return Response::Text(200, "noted");
    });
    router_.Add(Method::kGet, "/hello", [](Request&) { return Response::Text(200, "hello"); });
    options_.port = 0;
    options_.body_limit = 1024;
    options_.upload_limit = kUploadLimit;
    options_.request_timeout = 1500ms;
    options_.shutdown_grace = 5s;
    options_.spool_dir = spool_;
    options_.takes_upload = [this](Method method, std::string_view path) {
      return router_.TakesUpload(method, path);
    };
    StartServer();
  }

  void TearDown() override {
    server_.reset();
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }

  void StartServer() {
    server_ = std::make_unique<Server>(
        options_, [this](Request& request) { return pipeline_.Handle(request); });
    auto port = server_->Start();
    ASSERT_TRUE(port) << port.error().message;
    port_ = *port;
  }

  void Record(const Request& request) {
    std::lock_guard lock(mutex_);
    ++seen_.calls;
    seen_.body_file = request.body_file;
    seen_.body_file_size = request.body_file_size;
    seen_.file_contents = request.body_file ? ReadFile(*request.body_file) : "";
    seen_.body = request.body;
  }

  Seen LastSeen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }

  static std::string UploadHeader(const std::string& target, std::size_t length) {
    return "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: " +
           std::to_string(length) + "\r\n\r\n";
  }

  Router router_;
  core::Metrics metrics_;
  Pipeline pipeline_{router_, metrics_};
  ServerOptions options_;
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
  fs::path root_;
  fs::path spool_;
  fs::path kept_;
  std::mutex mutex_;
  Seen seen_;
};

TEST_F(UploadServerTest, UploadRouteReceivesTheBodyInAFileThatIsRemovedAfterwards) {
  const std::string body = UploadBytes(kFiveMegabytes);
  RawConnection connection(port_);
  ASSERT_TRUE(connection.Send(UploadHeader("/uploads", body.size()) + body));
  auto response = connection.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, std::to_string(kFiveMegabytes));

  const Seen seen = LastSeen();
  EXPECT_EQ(seen.calls, 1);
  EXPECT_TRUE(seen.body.empty());
  ASSERT_TRUE(seen.body_file);
  EXPECT_EQ(seen.body_file->parent_path(), spool_);
  EXPECT_EQ(seen.body_file_size, kFiveMegabytes);
  EXPECT_TRUE(seen.file_contents == body) << "the spooled bytes differ from those sent";
  EXPECT_FALSE(fs::exists(*seen.body_file));
  EXPECT_TRUE(fs::is_empty(spool_));

  // The connection stays usable for the next request.
  ASSERT_TRUE(connection.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto next = connection.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "hello");
}

TEST_F(UploadServerTest, HandlerThatMovesTheFileKeepsIt) {
  const std::string body = UploadBytes(100'000);
  auto response = Fetch(port_, "POST", "/uploads/keep", body, {{"Content-Type", "text/csv"}});
  EXPECT_EQ(response.status, 201);
  const fs::path kept = kept_ / "import.csv";
  ASSERT_TRUE(fs::exists(kept));
  EXPECT_TRUE(ReadFile(kept) == body);
  EXPECT_TRUE(fs::is_empty(spool_));
}

TEST_F(UploadServerTest, NormalRoutesKeepTheirLimitAndTheirBodyInMemory) {
  auto refused = Fetch(port_, "POST", "/notes", UploadBytes(kFiveMegabytes));
  EXPECT_EQ(refused.status, 413);
  EXPECT_EQ(refused.Header("content-type"), "application/problem+json");
  EXPECT_EQ(LastSeen().calls, 0);

  auto small = Fetch(port_, "POST", "/notes", "a,b\n1,2\n", {{"Content-Type", "text/csv"}});
  EXPECT_EQ(small.status, 200);
  const Seen seen = LastSeen();
  EXPECT_EQ(seen.body, "a,b\n1,2\n");
  EXPECT_FALSE(seen.body_file);
  EXPECT_TRUE(fs::is_empty(spool_));
}

TEST_F(UploadServerTest, UploadAboveTheUploadLimitIs413) {
  // A declared length over the limit is refused before the body: a client that asked whether to
  // continue is told no instead.
  RawConnection declared(port_);
  std::string header = UploadHeader("/uploads", kUploadLimit + 1);
  header.insert(header.size() - 2, "Expect: 100-continue\r\n");
  ASSERT_TRUE(declared.Send(header));
  auto response = declared.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->Header("content-type"), "application/problem+json");
  EXPECT_NE(response->body.find(std::to_string(kUploadLimit)), std::string::npos);
  EXPECT_TRUE(declared.WaitForClose(3s));

  // A chunked body is cut off where it passes the limit, and its partial file goes.
  RawConnection chunked(port_);
  std::string request =
      "POST /uploads HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  const std::string chunk = UploadBytes(std::size_t{1} << 20);
  for (int i = 0; i < 7; ++i) request += "100000\r\n" + chunk + "\r\n";
  request += "0\r\n\r\n";
  chunked.Send(request);
  auto chunked_response = chunked.Read();
  ASSERT_TRUE(chunked_response);
  EXPECT_EQ(chunked_response->status, 413);
  EXPECT_TRUE(chunked.WaitForClose(5s));
  EXPECT_EQ(LastSeen().calls, 0);
  EXPECT_TRUE(fs::is_empty(spool_));
}

TEST_F(UploadServerTest, SlowUploadOutlastsTheRequestTimeoutWhileBytesKeepComing) {
  RawConnection connection(port_);
  std::string header = UploadHeader("/uploads", 10'000);
  header.insert(header.size() - 2, "Expect: 100-continue\r\n");
  ASSERT_TRUE(connection.Send(header));
  auto interim = connection.Read(3s);
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  // Ten pieces 300 ms apart take 3 s, twice the request timeout.
  const std::string piece = UploadBytes(1000);
  for (int i = 0; i < 10; ++i) {
    std::this_thread::sleep_for(300ms);
    ASSERT_TRUE(connection.Send(piece));
  }
  auto response = connection.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "10000");
}

TEST_F(UploadServerTest, StalledUploadIsClosedAndItsFileRemoved) {
  RawConnection connection(port_);
  ASSERT_TRUE(connection.Send(UploadHeader("/uploads", 10'000) + UploadBytes(4000)));
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(connection.WaitForClose(5s));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 1s);
  EXPECT_EQ(LastSeen().calls, 0);
  EXPECT_TRUE(BecomesEmpty(spool_, 1s));
}

TEST_F(UploadServerTest, WithoutASpoolFolderTheServerUsesItsOwnTemporaryOne) {
  server_.reset();
  options_.spool_dir.clear();
  StartServer();
  auto response = Fetch(port_, "POST", "/uploads", "a,b\n", {{"Content-Type", "text/csv"}});
  EXPECT_EQ(response.status, 200);
  const Seen seen = LastSeen();
  ASSERT_TRUE(seen.body_file);
  EXPECT_EQ(seen.file_contents, "a,b\n");
  const fs::path folder = seen.body_file->parent_path();
  EXPECT_EQ(folder.parent_path(), fs::temp_directory_path());
  EXPECT_TRUE(fs::is_directory(folder));
  EXPECT_EQ(fs::status(folder).permissions() & fs::perms::all, fs::perms::owner_all);
  server_->Stop();
  EXPECT_FALSE(fs::exists(folder));
}

TEST_F(UploadServerTest, StartFailsWhenTheSpoolFolderCannotBeMade) {
  server_.reset();
  std::ofstream(root_ / "a-file") << "not a folder";
  options_.spool_dir = root_ / "a-file" / "spool";
  Server server(options_, [](Request&) { return Response::Text(200, "unused"); });
  auto port = server.Start();
  ASSERT_FALSE(port);
  EXPECT_EQ(port.error().code, core::Errc::kUnavailable);
  EXPECT_NE(port.error().message.find("spool"), std::string::npos);
}

}  // namespace
}  // namespace strata::http
