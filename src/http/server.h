#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/message.h"

namespace strata::http {

// Whether a request with this method and percent-decoded path goes to an upload route
// (Router::TakesUpload); the server asks once the request's header is read, before its body.
using UploadRoutes = std::function<bool(Method method, std::string_view path)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 asks the kernel for a free port.
  int io_threads = 1;         // Parse and write; never blocked by handlers.
  int worker_threads = 4;     // Run handlers, which may block on the database.
  std::size_t header_limit = std::size_t{16} * 1024;
  std::uint64_t body_limit = 1 << 20;
  // Time allowed to receive one whole request, including the wait for its first byte on a kept
  // alive connection: a client that sends one byte a second is cut off by it. The body of an
  // upload route is the exception: there it limits each wait for more bytes, not the whole
  // body, so that a slow link can still send a large file.
  std::chrono::milliseconds request_timeout = std::chrono::seconds(15);
  // Requests that go to upload routes have their body written to a new file in spool_dir, up to
  // upload_limit bytes, instead of kept in memory (Request::body_file). Empty: no upload routes.
  UploadRoutes takes_upload{};
  std::uint64_t upload_limit = std::uint64_t{1} << 30;
  // Empty: a private folder the server makes under the system's temporary folder and removes,
  // with anything left in it, at Stop. A folder given here is created when missing and kept.
  // Handlers that keep an upload rename it, so keep this on the same file system as its target.
  std::filesystem::path spool_dir{};
  // How long Stop waits for in-flight requests before closing everything.
  std::chrono::milliseconds shutdown_grace = std::chrono::seconds(10);
};

// Turns a parsed request into a response; runs on a worker thread.
using RequestHandler = std::function<Response(Request&)>;

// The HTTP/1.1 server (Boost.Beast on Asio, C++20 coroutines), the only place that knows Beast.
// Keep-alive, limits on header size, body size (413) and request time, "Expect: 100-continue",
// upload bodies spooled to files, and a graceful stop: the listener closes, idle connections
// close, requests in flight finish.
class Server {
 public:
  Server(ServerOptions options, RequestHandler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads; returns the port listened on. kUnavailable when the
  // address cannot be bound or the spool folder cannot be created.
  core::Result<std::uint16_t> Start();
  // Stops gracefully and waits for the threads; safe to call from any thread, more than once.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace strata::http
